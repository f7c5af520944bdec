// The `Config` group of `cog doctor` (spec doctor.md §4.1): the file parses, validates, uses no
// deprecated names or fields, and its runner reference points at a file and class that exist.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ConfigError } from '../../config/index.ts';
import {
  splitReference,
  type DoctorCheck,
  type DoctorProject,
  type Finding,
} from './doctor-check.ts';
import { fixPredictNames, predictNameFindings } from './predict-rename.ts';
import { parseModule } from './python-source.ts';

function configErrors(project: DoctorProject, yaml: boolean): ConfigError[] {
  const parsed = project.parsed;
  if (parsed === undefined || parsed.ok) return [];
  // Input over the size/depth/node caps is reported with the parse errors: nothing was validated.
  return parsed.errors.filter(
    (e) => (e.code === 'CONFIG_YAML' || e.code === 'CONFIG_LIMIT') === yaml,
  );
}

const configParsing: DoctorCheck = {
  group: 'Config',
  description: 'Config parsing',
  async run(project) {
    const cfg = project.configFile;
    if (project.configText === undefined)
      return [
        {
          severity: 'error',
          message: `${cfg} not found`,
          file: cfg,
          remediation: 'Run "cog init" to create a cog.yaml',
        },
      ];
    const errors = configErrors(project, true);
    if (errors.length === 0) return [];
    return [
      {
        severity: 'error',
        // The config stage's own wording: `failed to parse <cfg>: invalid YAML: …`, with the
        // file name the original left empty.
        message: `${cfg} has invalid YAML: ${errors.map((e) => e.message).join('\n')}`,
        file: cfg,
        remediation: `Fix the YAML syntax in ${cfg}`,
      },
    ];
  },
};

const configSchema: DoctorCheck = {
  group: 'Config',
  description: 'Config schema',
  async run(project) {
    const cfg = project.configFile;
    const errors = configErrors(project, false);
    const unknown = unknownFieldFindings(project);
    if (errors.length === 0) return unknown;
    return [
      {
        severity: 'error',
        message: `${cfg} validation failed: ${errors.map((e) => e.message).join('\n')}`,
        file: cfg,
        remediation: `Fix the configuration errors in ${cfg}`,
      },
      ...unknown,
    ];
  },
};

// Unknown keys are a warning for the other commands and an error here, where the user asked for
// strictness. They belong to the schema check, so a clean project's output stays the original's.
function unknownFieldFindings(project: DoctorProject): Finding[] {
  const parsed = project.parsed;
  if (parsed === undefined || !parsed.ok) return [];
  return parsed.warnings
    .filter((w) => w.code === 'CONFIG_UNKNOWN_KEY')
    .map((w) => ({
      severity: 'error',
      message: w.detail,
      file: project.configFile,
      line: w.position.line,
      remediation:
        w.replacement === ''
          ? `Remove "${w.field}" (see docs/user/cog-yaml.md for every field)`
          : `Rename "${w.field}" to "${w.replacement}"`,
    }));
}

const deprecatedPredictNames: DoctorCheck = {
  group: 'Config',
  description: 'Deprecated predict interface names',
  run: async (project) => predictNameFindings(project),
  fix: fixPredictNames,
};

const deprecatedFields: DoctorCheck = {
  group: 'Config',
  description: 'Deprecated fields',
  async run(project) {
    const parsed = project.parsed;
    if (parsed === undefined || !parsed.ok) return [];
    // Other warnings (unknown keys) have checks of their own.
    return parsed.warnings
      .filter((w) => w.code === 'CONFIG_DEPRECATED')
      .map((w) => ({
        severity: 'warning',
        message: `"${w.field}" is deprecated: ${w.detail}`,
        file: project.configFile,
        remediation: `Use "${w.replacement}" instead`,
      }));
  },
};

const predictReference: DoctorCheck = {
  group: 'Config',
  description: 'Predict reference',
  async run(project) {
    const parsed = project.parsed;
    if (parsed === undefined || !parsed.ok || parsed.config.predict === undefined) return [];
    const cfg = project.configFile;
    const reference = splitReference(parsed.config.predict);
    // The original's wording says "predict field" for `run:` too.
    if (reference === undefined) {
      return [
        {
          severity: 'error',
          message: `predict reference "${parsed.config.predict}" must be in the form 'file.py:ClassName'`,
          file: cfg,
          remediation: `Set predict to "predict.py:Predictor" in ${cfg}`,
        },
      ];
    }
    const { file, className } = reference;
    if (!existsSync(path.resolve(project.projectDir, file))) {
      return [
        {
          severity: 'error',
          message: `${file} not found`,
          file: cfg,
          remediation: `Create ${file} or update the predict field in ${cfg}`,
        },
      ];
    }
    let text: string;
    try {
      text = readFileSync(path.resolve(project.projectDir, file), 'utf8');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return [{ severity: 'error', message: `cannot read ${file}: ${reason}`, file: cfg }];
    }
    const classes = parseModule(text).classes.map((c) => c.name);
    if (classes.includes(className)) return [];
    const found = classes.length === 0 ? '' : `; found: ${classes.join(', ')}`;
    return [
      {
        severity: 'error',
        message: `class "${className}" not found in ${file}${found}`,
        file,
        remediation: `Add class ${className} to ${file} or update the predict field in cog.yaml`,
      },
    ] satisfies Finding[];
  },
};

export const configChecks: readonly DoctorCheck[] = [
  configParsing,
  configSchema,
  deprecatedPredictNames,
  deprecatedFields,
  predictReference,
];

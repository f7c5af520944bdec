// The `Config` group of `cog doctor`: the file parses, validates, uses no deprecated names or
// fields, and its runner reference points at a file and class that exist.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ConfigError } from '../../config/index.ts';
import {
  runnerReference,
  type DoctorCheck,
  type DoctorProject,
  type Finding,
} from './doctor-check.ts';
import { fixPredictNames, predictNameFindings } from './predict-rename.ts';

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
    if (project.configText === undefined)
      return [{ severity: 'error', message: `${project.configFile} not found` }];
    return configErrors(project, true).map((e) => ({
      severity: 'error',
      // The config stage's message frames the detail as `failed to parse …: invalid YAML:`.
      message: `${project.configFile} has invalid YAML: ${e.detail ?? e.message}`,
      file: project.configFile,
      line: e.position.line,
    }));
  },
};

const configSchema: DoctorCheck = {
  group: 'Config',
  description: 'Config schema',
  async run(project) {
    return configErrors(project, false).map((e) => ({
      severity: 'error',
      message: `${project.configFile} validation failed: ${e.message}`,
      file: project.configFile,
      line: e.position.line,
    }));
  },
};

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
    // `predict:` has its own check with a fix.
    return parsed.warnings
      .filter((w) => w.code === 'CONFIG_DEPRECATED' && w.field !== 'predict')
      .map((w) => ({
        severity: 'warning',
        message: `"${w.field}" is deprecated: ${w.detail}`,
        file: project.configFile,
        line: w.position.line,
        remediation: `Use "${w.replacement}" instead`,
      }));
  },
};

// A warning for the other commands; an error here, where the user asked for strictness.
const unknownFields: DoctorCheck = {
  group: 'Config',
  description: 'Unknown fields',
  async run(project) {
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
            ? `Remove "${w.field}" (see docs/config.md for every field)`
            : `Rename "${w.field}" to "${w.replacement}"`,
      }));
  },
};

const predictReference: DoctorCheck = {
  group: 'Config',
  description: 'Predict reference',
  async run(project) {
    const reference = runnerReference(project);
    if (reference === undefined) return [];
    const file = path.join(project.projectDir, reference.file);
    if (!existsSync(file)) {
      return [
        {
          severity: 'error',
          message: `${reference.file} not found`,
          remediation: `Create ${reference.file} or update the run field in ${project.configFile}`,
        },
      ];
    }
    const text = readFileSync(file, 'utf8');
    if (new RegExp(`^class\\s+${escapeRegExp(reference.className)}\\b`, 'm').test(text)) return [];
    return [
      {
        severity: 'error',
        message: `${reference.file} does not define class ${reference.className}`,
        file: reference.file,
        remediation: `Define class ${reference.className} in ${reference.file} or update the run field in ${project.configFile}`,
      },
    ] satisfies Finding[];
  },
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const configChecks: readonly DoctorCheck[] = [
  configParsing,
  configSchema,
  deprecatedPredictNames,
  deprecatedFields,
  unknownFields,
  predictReference,
];

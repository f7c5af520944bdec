// The `Deprecated predict interface names` check and its fix (spec doctor.md §4.1, §5.3): 0.22
// renamed `predict:` to `run:`, `predict.py:Predictor` to `run.py:Runner`, `BasePredictor` to
// `BaseRunner` and `predict()` to `run()`. The check reads the raw cog.yaml (it works even when
// the config does not load); the fix migrates only the plain case and says why otherwise.
import { existsSync, renameSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { CogError } from '../../cog-error.ts';
import { readPythonFile, type DoctorProject, type Finding } from './doctor-check.ts';
import {
  fromImport,
  functionsOf,
  mentions,
  parseModule,
  renderFromImport,
  spliceLines,
} from './python-source.ts';

const anyPredictKey = /^predict\s*:/m;
const exactPredict = /^predict:\s*["']?predict\.py:Predictor["']?\s*(#.*)?$/m;

function hasLegacyPredictor(project: DoctorProject): boolean {
  const source = readPythonFile(project, 'predict.py');
  return source?.module.classes.some((c) => c.name === 'Predictor') === true;
}

export function predictNameFindings(project: DoctorProject): Finding[] {
  const text = project.configText;
  if (text === undefined) return [];
  const findings: Finding[] = [];
  if (anyPredictKey.test(text) || exactPredict.test(text)) {
    findings.push({
      severity: 'warning',
      message: 'predict in cog.yaml is deprecated; use run with run.py:Runner',
      file: project.configFile,
      remediation: 'Run cog doctor --fix to migrate predict: to run:',
    });
  }
  if (exactPredict.test(text) && hasLegacyPredictor(project)) {
    findings.push({
      severity: 'warning',
      message: 'predict.py uses deprecated Predictor/BasePredictor/predict() names',
      file: 'predict.py',
      remediation: 'Run cog doctor --fix to migrate to Runner/BaseRunner/run()',
    });
  }
  return findings;
}

function refuse(message: string): never {
  throw new CogError('DOCTOR_FIX', message);
}

const manual = 'Manual migration required: automatic migration ';

/** The migrated run.py text, or an error saying why the migration must be done by hand. */
export function migratedSource(project: DoctorProject): string {
  const text = project.configText ?? '';
  if (/^run\s*:/m.test(text)) refuse('automatic migration cannot run when run is already set');
  if (!exactPredict.test(text)) refuse(`${manual}only supports predict.py:Predictor`);
  if (existsSync(path.join(project.projectDir, 'run.py')))
    refuse('cannot migrate predict.py to run.py because run.py already exists');
  const source = readPythonFile(project, 'predict.py');
  if (source === undefined)
    refuse('cannot migrate predict.py to run.py because predict.py was not found');
  const module = source.module;
  const classes = module.classes.filter((c) => c.name === 'Predictor');
  if (classes.length === 0)
    refuse(
      'cannot migrate predict.py because no legacy Predictor/BasePredictor/predict() names were found',
    );
  if (classes.length > 1) refuse(`${manual}only supports a single Predictor class`);
  const cls = classes[0] as (typeof classes)[number];
  const cogImports = module.statements
    .map((s) => ({ statement: s, imported: fromImport(s) }))
    .filter(({ imported }) => imported?.names.some((n) => n.name === 'BasePredictor'));
  const aliases = cogImports.flatMap(({ imported }) =>
    (imported?.names ?? []).filter((n) => n.name === 'BasePredictor' && n.alias !== undefined),
  );
  if (aliases.some((a) => cls.bases.includes(a.alias as string)))
    refuse(`${manual}does not support aliased BasePredictor inheritance`);
  const methods = functionsOf(module.lines, cls.body);
  const predicts = methods.filter((m) => m.name === 'predict');
  if (predicts.length !== 1 || methods.some((m) => m.name === 'run'))
    refuse(`${manual}only supports a single Predictor class with a single predict method`);
  const fromCog = cogImports.filter(({ imported }) =>
    ['cog', 'cog.predictor'].includes(imported?.module ?? ''),
  );
  const inherits = cls.bases.includes('BasePredictor');
  if (inherits && fromCog.length === 0)
    refuse(`${manual}only supports BasePredictor imported from cog`);
  if (inherits && fromCog.length !== cogImports.length)
    refuse(`${manual}only supports unambiguous BasePredictor imports from cog`);

  // Edits, bottom-up so the line numbers found above stay valid.
  let out = source.text;
  const predict = predicts[0] as (typeof predicts)[number];
  const renameOn = (at: number, from: RegExp, to: string): void => {
    const lines = out.split('\n');
    out = spliceLines(out, at, at + 1, [(lines[at] as string).replace(from, to)]);
  };
  renameOn(predict.line, /\bdef(\s+)predict\b/, 'def$1run');
  const headerEnd = cls.body[0]?.start ?? cls.line + 1;
  for (let i = headerEnd - 1; i >= cls.line; i--) {
    if (i === cls.line) renameOn(i, /\bclass(\s+)Predictor\b/, 'class$1Runner');
    if (inherits) renameOn(i, /(?<![\w.])BasePredictor\b/, 'BaseRunner');
  }
  if (inherits) {
    const after = parseModule(out);
    const stillUsed = after.statements.some(
      (s) => fromImport(s) === undefined && mentions(s.text, 'BasePredictor'),
    );
    for (const { statement, imported } of [...fromCog].reverse()) {
      if (imported === undefined) continue;
      const names = imported.names.flatMap((n) =>
        n.name !== 'BasePredictor' || n.alias !== undefined
          ? [n]
          : stillUsed
            ? [n, { name: 'BaseRunner' }]
            : [{ name: 'BaseRunner' }],
      );
      out = spliceLines(out, statement.start, statement.end, [
        renderFromImport(imported.module, names),
      ]);
    }
  }
  return out;
}

export async function fixPredictNames(project: DoctorProject): Promise<void> {
  const runSource = migratedSource(project);
  const configPath = path.join(project.projectDir, project.configFile);
  const predictPath = path.join(project.projectDir, 'predict.py');
  const runPath = path.join(project.projectDir, 'run.py');
  const newConfig = (project.configText ?? '').replace(
    new RegExp(exactPredict.source, 'gm'),
    'run: "run.py:Runner"',
  );
  const original = readPythonFile(project, 'predict.py')?.text ?? '';
  renameSync(predictPath, runPath);
  try {
    writeFileSync(runPath, runSource);
    const temporary = `${configPath}.cog-doctor`;
    try {
      writeFileSync(temporary, newConfig);
      chmodSync(temporary, 0o644);
      renameSync(temporary, configPath);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  } catch (error) {
    // Put predict.py back as it was.
    renameSync(runPath, predictPath);
    writeFileSync(predictPath, original);
    throw error;
  }
}

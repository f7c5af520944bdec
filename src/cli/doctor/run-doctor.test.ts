// `cog doctor` against spec doctor.md: the worked transcripts (§6), the fixes' results (§5)
// and our deliberate differences (the fixes never destroy code).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCaptured } from '../cli-test-harness.ts';
import { kernelFindings } from './environment-checks.ts';
import { summaryLine } from './run-doctor.ts';

// A stand-in `python3` on PATH so the local-Python check does not depend on this machine.
const bin = mkdtempSync(path.join(tmpdir(), 'cog-doctor-bin-'));
writeFileSync(path.join(bin, 'python3'), '#!/bin/sh\necho "Python 3.11.9"\n');
chmodSync(path.join(bin, 'python3'), 0o755);
const quietEnv = { PATH: bin, COG_SKIP_DOCKER_CHECK: '1', COG_SKIP_GPU_CHECK: '1' };

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cog-doctor-'));
  for (const [name, content] of Object.entries(files))
    await writeFile(path.join(dir, name), content);
  return dir;
}

async function doctor(dir: string, fix = false, env: NodeJS.ProcessEnv = quietEnv) {
  return runCaptured(fix ? ['doctor', '--fix'] : ['doctor'], { cwd: dir, env });
}

const HEADER =
  'NOTE: cog doctor is experimental. Behavior and checks may change in future versions.\n\nRunning cog doctor...\n\n';
const legacyYaml =
  'build:\n  python_version: "3.11"\npredict: "predict.py:Predictor"  # entry point\n';
const legacyPy = [
  'from cog import BasePredictor, Input',
  '',
  '',
  'class Predictor(BasePredictor):',
  '    def setup(self) -> None:',
  '        self.prefix = "hello "',
  '',
  '    def predict(self, s: str = Input(description="name")) -> str:',
  '        return self.prefix + s',
  '',
].join('\n');
const modernYaml = 'build:\n  python_version: "3.11"\nrun: "run.py:Runner"\n';
const modernPy =
  'from cog import BaseRunner\n\n\nclass Runner(BaseRunner):\n    def run(self, text: str) -> str:\n        return "hello " + text\n';

const ALL_PASS = {
  config:
    'Config\nConfig parsing\nConfig schema\nDeprecated predict interface names\nDeprecated fields\nPredict reference\n',
  python: 'Python\nPydantic BaseModel workaround\nDeprecated imports\nType annotations\n',
  env: 'Environment\nDocker\nPython version\nGPU compatibility\n',
};

test('§6.1 a clean project prints every check and exactly "no issues found"', async () => {
  const dir = await project({ 'cog.yaml': modernYaml, 'run.py': modernPy });
  try {
    const { code, stderr } = await doctor(dir);
    assert.equal(code, 0, stderr);
    assert.equal(
      stderr,
      `${HEADER}${ALL_PASS.config}${ALL_PASS.python}${ALL_PASS.env}\nno issues found\n`,
    );
    await writeFile(path.join(dir, 'cog.yaml'), modernYaml.replace('3.11', '3.12'));
    const other = await doctor(dir);
    assert.equal(other.code, 0);
    assert.match(
      other.stderr,
      /\nPython version\n {2}local Python is 3\.11 but cog\.yaml specifies 3\.12\n/,
    );
    assert.match(other.stderr, /\n\nFound 1 warning\.\n$/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('§6.2 a missing predictor file: one error, two warnings, exit 1', async () => {
  const dir = await project({ 'cog.yaml': legacyYaml });
  try {
    const { code, stderr } = await doctor(dir);
    assert.equal(code, 1);
    assert.equal(
      stderr,
      `${HEADER}Config\nConfig parsing\nConfig schema\nDeprecated predict interface names\n` +
        '  cog.yaml — predict in cog.yaml is deprecated; use run with run.py:Runner\n' +
        'Deprecated fields\n  cog.yaml — "predict" is deprecated: use run to point at run.py:Runner\n' +
        'Predict reference\n  cog.yaml — predict.py not found\n' +
        `${ALL_PASS.python}${ALL_PASS.env}\nFound 1 error, 2 warnings.\ndoctor found issues\n`,
    );
    const fixed = await doctor(dir, true);
    assert.equal(fixed.code, 1);
    assert.match(
      fixed.stderr,
      /\nDeprecated predict interface names: cannot migrate predict\.py to run\.py because predict\.py was not found\nDeprecated fields\n {2}cog\.yaml — "predict" is deprecated: use run to point at run\.py:Runner\n {2}Remediation: Use "run" instead\n/,
    );
    assert.match(
      fixed.stderr,
      /\n {2}cog\.yaml — predict\.py not found\n {2}Remediation: Create predict\.py or update the predict field in cog\.yaml\n/,
    );
    assert.match(fixed.stderr, /\n\nFound 2 errors, 1 warning\.\ndoctor found issues\n$/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('§6.3 a missing class lists the classes the file has', async () => {
  const dir = await project({
    'cog.yaml': 'build:\n  python_version: "3.11"\nrun: "run.py:DoesNotExist"\n',
    'run.py': `${modernPy}\n\nclass Helper:\n    pass\n`,
  });
  try {
    const { code, stderr } = await doctor(dir);
    assert.equal(code, 1);
    assert.match(
      stderr,
      /\nPredict reference\n {2}run\.py — class "DoesNotExist" not found in run\.py; found: Runner, Helper\n/,
    );
    assert.match(stderr, /\n\nFound 1 error\.\ndoctor found issues\n$/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

const experimentalPy = [
  'import os',
  'import warnings',
  'from cog import BaseRunner',
  'from cog.types import ExperimentalFeatureWarning, Path',
  '',
  'warnings.filterwarnings("ignore", category=ExperimentalFeatureWarning)',
  '',
  '',
  'class Runner(BaseRunner):',
  '    def run(self, text: str) -> str:',
  '        return "hello " + text',
  '',
].join('\n');

test('§6.4 a deprecated import is an error; --fix removes it and only what used it', async () => {
  const dir = await project({ 'cog.yaml': modernYaml, 'run.py': experimentalPy });
  try {
    const found = await doctor(dir);
    assert.equal(found.code, 1);
    assert.match(
      found.stderr,
      /\nDeprecated imports\n {2}run\.py:4 — ExperimentalFeatureWarning was removed in cog 0\.17; current_scope\(\)\.record_metric\(\) is no longer experimental\n/,
    );
    assert.match(found.stderr, /\n\nFound 1 error\. Run "cog doctor --fix" to auto-fix\.\n/);
    const fixed = await doctor(dir, true);
    assert.equal(fixed.code, 0, fixed.stderr);
    assert.match(
      fixed.stderr,
      /\nFixed: Deprecated imports\n {2}run\.py:4 — ExperimentalFeatureWarning/,
    );
    assert.match(fixed.stderr, /\n\nFixed 1 issue\.\n$/);
    // Unlike the original, the unrelated `import os` stays.
    assert.equal(
      await readFile(path.join(dir, 'run.py'), 'utf8'),
      'import os\nfrom cog import BaseRunner\nfrom cog.types import Path\n\n\n\nclass Runner(BaseRunner):\n    def run(self, text: str) -> str:\n        return "hello " + text\n',
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the deprecated-import fix refuses, changing nothing, when a class uses the name', async () => {
  const py = [
    'from cog import BaseRunner',
    'from cog.types import ExperimentalFeatureWarning as EFW',
    '',
    'class Runner(BaseRunner):',
    '    def run(self) -> str:',
    '        raise EFW("x")',
    '',
  ].join('\n');
  const dir = await project({ 'cog.yaml': modernYaml, 'run.py': py });
  try {
    const fixed = await doctor(dir, true);
    assert.equal(fixed.code, 1);
    assert.match(
      fixed.stderr,
      /\nDeprecated imports: EFW is used in run\.py:4; remove that use by hand, then run cog doctor --fix again\n/,
    );
    assert.equal(await readFile(path.join(dir, 'run.py'), 'utf8'), py);
    // Also a block: deleting the whole `if` would take the unrelated code in it along.
    const block = `${py.split('\n').slice(0, 2).join('\n')}\nif True:\n    x = 1\n    print(EFW)\n`;
    await writeFile(path.join(dir, 'run.py'), block);
    const again = await doctor(dir, true);
    assert.match(again.stderr, /\nDeprecated imports: EFW is used in run\.py:3; /);
    assert.equal(await readFile(path.join(dir, 'run.py'), 'utf8'), block);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('§6.5 --fix migrates predict.py:Predictor to run.py:Runner', async () => {
  const dir = await project({ 'cog.yaml': legacyYaml, 'predict.py': legacyPy });
  try {
    const warned = await doctor(dir);
    assert.equal(warned.code, 0);
    assert.match(
      warned.stderr,
      /\nDeprecated predict interface names\n {2}cog\.yaml — predict in cog\.yaml is deprecated; use run with run\.py:Runner\n {2}predict\.py — predict\.py uses deprecated Predictor\/BasePredictor\/predict\(\) names\n/,
    );
    assert.match(warned.stderr, /\n\nFound 3 warnings\.\n$/);
    const { code, stderr } = await doctor(dir, true);
    assert.equal(code, 0, stderr);
    assert.match(
      stderr,
      /\nFixed: Deprecated predict interface names\n {2}cog\.yaml — predict in cog\.yaml is deprecated; use run with run\.py:Runner\n {2}predict\.py — predict\.py uses deprecated Predictor\/BasePredictor\/predict\(\) names\nDeprecated fields\nPredict reference\n/,
    );
    assert.match(stderr, /\n\nFixed 2 issues\.\n$/);
    assert.equal(existsSync(path.join(dir, 'predict.py')), false);
    assert.equal(
      await readFile(path.join(dir, 'run.py'), 'utf8'),
      legacyPy
        .replace('BasePredictor, Input', 'BaseRunner, Input')
        .replace('Predictor(BasePredictor)', 'Runner(BaseRunner)')
        .replace('def predict(', 'def run('),
    );
    assert.equal(
      await readFile(path.join(dir, 'cog.yaml'), 'utf8'),
      'build:\n  python_version: "3.11"\nrun: "run.py:Runner"\n',
    );
    assert.match((await doctor(dir)).stderr, /\nno issues found\n$/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('§6.6 collisions: run.py exists, or both run: and predict:', async () => {
  const a = await project({ 'cog.yaml': legacyYaml, 'predict.py': legacyPy, 'run.py': modernPy });
  const b = await project({
    'cog.yaml': `${legacyYaml}run: "run.py:Runner"\n`,
    'predict.py': legacyPy,
  });
  try {
    const fixedA = await doctor(a, true);
    assert.equal(fixedA.code, 1);
    assert.match(
      fixedA.stderr,
      /\nDeprecated predict interface names: cannot migrate predict\.py to run\.py because run\.py already exists\n/,
    );
    assert.match(fixedA.stderr, / {2}Remediation: Use "run" instead\n/);
    assert.match(fixedA.stderr, /\n\nFound 1 error, 1 warning\.\n/);
    assert.equal(await readFile(path.join(a, 'predict.py'), 'utf8'), legacyPy);
    assert.equal(await readFile(path.join(a, 'cog.yaml'), 'utf8'), legacyYaml);

    const foundB = await doctor(b);
    assert.equal(foundB.code, 1);
    assert.match(foundB.stderr, /\nConfig schema\n {2}cog\.yaml — cog\.yaml validation failed: /);
    assert.match(foundB.stderr, /\n\nFound 1 error, 2 warnings\.\n/);
    const fixedB = await doctor(b, true);
    assert.match(
      fixedB.stderr,
      /\nDeprecated predict interface names: automatic migration cannot run when run is already set\n/,
    );
    assert.match(fixedB.stderr, /\n\nFound 2 errors\.\n/);
  } finally {
    await rm(a, { recursive: true, force: true });
    await rm(b, { recursive: true, force: true });
  }
});

test('migration preconditions: each unsupported shape says why', async () => {
  const cases: Array<[string, string]> = [
    [
      'from cog import BasePredictor as BP\n\nclass Predictor(BP):\n    def predict(self) -> str:\n        return ""\n',
      'Manual migration required: automatic migration does not support aliased BasePredictor inheritance',
    ],
    [
      'from cog import BasePredictor\n\nclass Predictor(BasePredictor):\n    def run(self) -> str:\n        return ""\n    def predict(self) -> str:\n        return ""\n',
      'Manual migration required: automatic migration only supports a single Predictor class with a single predict method',
    ],
    [
      'from mylib import BasePredictor\n\nclass Predictor(BasePredictor):\n    def predict(self) -> str:\n        return ""\n',
      'Manual migration required: automatic migration only supports BasePredictor imported from cog',
    ],
    [
      'class Helper:\n    pass\n',
      'cannot migrate predict.py because no legacy Predictor/BasePredictor/predict() names were found',
    ],
  ];
  for (const [py, message] of cases) {
    const dir = await project({ 'cog.yaml': legacyYaml, 'predict.py': py });
    try {
      const { code, stderr } = await doctor(dir, true);
      assert.equal(code, 1, py);
      assert.ok(stderr.includes(`\nDeprecated predict interface names: ${message}\n`), stderr);
      assert.equal(await readFile(path.join(dir, 'predict.py'), 'utf8'), py);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const other = await project({
    'cog.yaml': 'predict: "main.py:Model"\n',
    'main.py': 'class Model:\n    pass\n',
  });
  try {
    const { stderr } = await doctor(other, true);
    assert.match(
      stderr,
      /\nDeprecated predict interface names: Manual migration required: automatic migration only supports predict\.py:Predictor\n/,
    );
  } finally {
    await rm(other, { recursive: true, force: true });
  }
});

const pydanticPy = [
  'from cog import BaseRunner, Path',
  'from pydantic import BaseModel, ConfigDict',
  '',
  '',
  'class VoiceCloningOutputs(BaseModel):',
  '    model_config = ConfigDict(arbitrary_types_allowed=True)',
  '    audio: Path',
  '    spectrogram: Path',
  '',
  '',
  'class Runner(BaseRunner):',
  '    def run(self) -> VoiceCloningOutputs:',
  '        ...',
  '',
].join('\n');

test('§5.2 the pydantic workaround is an error; --fix switches to cog.BaseModel', async () => {
  const dir = await project({ 'cog.yaml': modernYaml, 'run.py': pydanticPy });
  try {
    const found = await doctor(dir);
    assert.equal(found.code, 1);
    assert.match(
      found.stderr,
      /\nPydantic BaseModel workaround\n {2}run\.py:5 — VoiceCloningOutputs inherits from pydantic\.BaseModel with arbitrary_types_allowed; use cog\.BaseModel instead\n/,
    );
    assert.match(found.stderr, /Run "cog doctor --fix" to auto-fix\./);
    const fixed = await doctor(dir, true);
    assert.equal(fixed.code, 0, fixed.stderr);
    assert.match(fixed.stderr, /\nFixed: Pydantic BaseModel workaround\n/);
    assert.equal(
      await readFile(path.join(dir, 'run.py'), 'utf8'),
      pydanticPy
        .replace(
          'from cog import BaseRunner, Path\nfrom pydantic import BaseModel, ConfigDict\n',
          'from cog import BaseRunner, Path, BaseModel\n',
        )
        .replace('    model_config = ConfigDict(arbitrary_types_allowed=True)\n', ''),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the pydantic fix in the collision case leaves code that still runs (no NameError)', async () => {
  const py = [
    'import pydantic',
    'from cog import BaseRunner, Path',
    'from pydantic import BaseModel',
    '',
    'class Other(BaseModel):',
    '    x: int',
    '',
    'class Out(BaseModel):',
    '    model_config = pydantic.ConfigDict(arbitrary_types_allowed=True, frozen=True)',
    '    p: Path',
    '',
  ].join('\n');
  const dir = await project({
    'cog.yaml': modernYaml,
    'run.py': `${py}\n${modernPy.split('\n').slice(3).join('\n')}`,
  });
  try {
    const fixed = await doctor(dir, true);
    assert.equal(fixed.code, 0, fixed.stderr);
    const text = await readFile(path.join(dir, 'run.py'), 'utf8');
    assert.match(
      text,
      /^import pydantic\nfrom cog import BaseRunner, Path, BaseModel as CogBaseModel\nfrom pydantic import BaseModel\n/,
    );
    assert.match(text, /\nclass Other\(BaseModel\):\n/);
    assert.match(
      text,
      /\nclass Out\(CogBaseModel\):\n {4}model_config = pydantic\.ConfigDict\(frozen=True\)\n/,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('Type annotations: run() without a return type is a warning', async () => {
  const dir = await project({
    'cog.yaml': modernYaml,
    'run.py': modernPy.replace(' -> str:', ':'),
  });
  try {
    const { code, stderr } = await doctor(dir, true);
    assert.equal(code, 0);
    assert.match(
      stderr,
      /\nType annotations\n {2}run\.py:5 — Runner\.run\(\) is missing a return type annotation\n {2}Remediation: Add a return type annotation: def run\(self, \.\.\.\) -> YourType:\n/,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('§6.7 no Docker and no Python on PATH', async () => {
  const dir = await project({ 'cog.yaml': modernYaml, 'run.py': modernPy });
  try {
    const env = {
      PATH: '/nonexistent',
      COG_SKIP_GPU_CHECK: '1',
      DOCKER_HOST: `unix://${dir}/no.sock`,
    };
    const { code, stderr } = await doctor(dir, false, env);
    assert.equal(code, 1);
    assert.match(stderr, /\nDocker\n {2}Docker is not available: .+\n/);
    assert.match(stderr, /\nPython version\n {2}Python not found in PATH\n/);
    assert.match(stderr, /\n\nFound 1 error, 1 warning\.\ndoctor found issues\n$/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('invalid YAML and schema errors', async () => {
  const broken = await project({ 'cog.yaml': 'build: [\n' });
  try {
    const { code, stderr } = await doctor(broken);
    assert.equal(code, 1);
    assert.match(
      stderr,
      /\nConfig parsing\n {2}cog\.yaml — cog\.yaml has invalid YAML: failed to parse cog\.yaml: invalid YAML: /,
    );
  } finally {
    await rm(broken, { recursive: true, force: true });
  }
});

test('no cog.yaml anywhere: the config-not-found error', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'cog-doctor-'));
  try {
    const { code, stderr } = await doctor(dir);
    assert.equal(code, 1);
    assert.match(stderr, /cog\.yaml not found in /);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('GPU kernels: the compute-capability floors', () => {
  assert.deepEqual(kernelFindings('2.7.1', '12.8', ['12.0']), []);
  assert.deepEqual(kernelFindings('2.7.0+cu128', undefined, ['10.0']), []);
  assert.deepEqual(kernelFindings('1.13.1', '11.7', ['8.6']), []);
  const old = kernelFindings('2.6.0', '12.4', ['12.0', '9.0', '12.0']);
  assert.equal(old.length, 1);
  assert.equal(
    old[0]?.message,
    'torch==2.6.0 (CUDA 12.4) ships no kernels for sm_120, the compute capability of this machine\'s GPU. The image will build, but every CUDA operation in it will fail at runtime with "no kernel image is available for execution on the device".',
  );
  assert.equal(
    old[0]?.remediation,
    'sm_120 requires torch>=2.7.0 built against CUDA>=12.8. Pin a newer torch, or set COG_SKIP_GPU_CHECK=1 if you are building for a different GPU than the one in this machine.',
  );
  assert.equal(
    kernelFindings('2.0.0', undefined, ['9.0'])[0]?.message.includes('(CUDA unset)'),
    true,
  );
});

test('summary wording', () => {
  const tally = (errors: number, warnings: number, fixed = 0, fixable = false) => ({
    errors,
    warnings,
    fixed,
    fixable,
  });
  assert.equal(summaryLine(tally(0, 0), false), undefined);
  assert.equal(summaryLine(tally(1, 0), false), 'Found 1 error.');
  assert.equal(summaryLine(tally(2, 1), false), 'Found 2 errors, 1 warning.');
  assert.equal(
    summaryLine(tally(1, 0, 0, true), false),
    'Found 1 error. Run "cog doctor --fix" to auto-fix.',
  );
  assert.equal(summaryLine(tally(0, 0, 1), true), 'Fixed 1 issue.');
  assert.equal(
    summaryLine(tally(1, 2, 3), true),
    'Fixed 3 issues. 2 warnings remaining. 1 unfixed error.',
  );
});

test('an unknown cog.yaml key is an error under doctor, with a did-you-mean', async () => {
  const dir = await project({
    'cog.yaml':
      'build:\n  python_version: "3.13"\n  system_pacakges: [git]\nrun: "run.py:Runner"\n',
    'run.py': modernPy,
  });
  try {
    const { code, stderr } = await runCaptured(['doctor'], { cwd: dir, env: quietEnv });
    assert.equal(code, 1, stderr);
    assert.match(
      stderr,
      /Config schema\n {2}cog\.yaml:3 — unknown field "build\.system_pacakges"; did you mean "build\.system_packages"\?/,
    );
    assert.match(stderr, /Found 1 error[.,]/);
    // Elsewhere it is a warning: the command goes on.
    const debug = await runCaptured(['debug'], { cwd: dir, env: quietEnv });
    assert.equal(debug.code, 0, debug.stderr);
    assert.match(debug.stderr, /cog\.yaml:3:3: unknown field "build\.system_pacakges" is ignored/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

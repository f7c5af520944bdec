import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCaptured } from '../cli-test-harness.ts';
import { missingReturnAnnotations } from './python-checks.ts';
import { summaryLine } from './run-doctor.ts';

// No PATH: the local-Python probe finds no python3 and stays silent, so results do not depend
// on the machine running the tests.
const quietEnv = { PATH: '/nonexistent', COG_SKIP_DOCKER_CHECK: '1', COG_SKIP_GPU_CHECK: '1' };

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cog-doctor-'));
  for (const [name, content] of Object.entries(files))
    await writeFile(path.join(dir, name), content);
  return dir;
}

const legacyYaml = 'build:\n  python_version: "3.13"\npredict: "predict.py:Predictor"\n';
const legacyPy =
  'from cog import BasePredictor\n\nclass Predictor(BasePredictor):\n    def predict(self, x: str) -> str:\n        return x\n';
const modernYaml = 'build:\n  python_version: "3.13"\nrun: "run.py:Runner"\n';
const modernPy =
  'from cog import BaseRunner\n\nclass Runner(BaseRunner):\n    def run(self, x: str) -> str:\n        return x\n';

test('a clean project: every check passes, exit 0', async () => {
  const dir = await project({ 'cog.yaml': modernYaml, 'run.py': modernPy });
  try {
    const { code, stderr } = await runCaptured(['doctor'], { cwd: dir, env: quietEnv });
    assert.equal(code, 0, stderr);
    assert.ok(
      stderr.startsWith(
        'NOTE: cog doctor is experimental. Behavior and checks may change in future versions.\n\nRunning cog doctor...\n\nConfig\n',
      ),
    );
    assert.match(stderr, /\nPython\n/);
    assert.match(stderr, /\nEnvironment\n/);
    assert.match(stderr, /\nno issues found\n$/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('deprecated names are warnings with positions and a --fix suggestion', async () => {
  const dir = await project({ 'cog.yaml': legacyYaml, 'predict.py': legacyPy });
  try {
    const { code, stderr } = await runCaptured(['doctor'], { cwd: dir, env: quietEnv });
    assert.equal(code, 0);
    assert.match(
      stderr,
      /Deprecated predict interface names\n {2}cog\.yaml:3 — predict in cog\.yaml is deprecated; use run with run\.py:Runner\n/,
    );
    assert.match(
      stderr,
      / {2}predict\.py — predict\.py uses deprecated Predictor\/BasePredictor\/predict\(\) names\n/,
    );
    assert.match(stderr, /Found 2 warnings\. Run "cog doctor --fix" to auto-fix\.\n$/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('--fix renames predict.py:Predictor to run.py:Runner', async () => {
  const dir = await project({ 'cog.yaml': legacyYaml, 'predict.py': legacyPy });
  try {
    const { code, stderr } = await runCaptured(['doctor', '--fix'], { cwd: dir, env: quietEnv });
    assert.equal(code, 0, stderr);
    assert.match(stderr, /Running cog doctor --fix\.\.\./);
    assert.match(stderr, /Fixed: Deprecated predict interface names/);
    assert.match(stderr, /Fixed 2 issues\.\n$/);
    assert.equal(existsSync(path.join(dir, 'predict.py')), false);
    const runPy = await readFile(path.join(dir, 'run.py'), 'utf8');
    assert.match(runPy, /class Runner\(BaseRunner\):/);
    assert.match(runPy, /def run\(self, x: str\) -> str:/);
    assert.match(await readFile(path.join(dir, 'cog.yaml'), 'utf8'), /^run: "run\.py:Runner"$/m);
    const again = await runCaptured(['doctor'], { cwd: dir, env: quietEnv });
    assert.match(again.stderr, /no issues found/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('config errors and a missing runner file fail with "doctor found issues"', async () => {
  const dir = await project({
    'cog.yaml': 'build:\n  python_version: "3.13"\nrun: "run.py:Runner"\n',
  });
  try {
    const { code, stderr } = await runCaptured(['doctor'], { cwd: dir, env: quietEnv });
    assert.equal(code, 1);
    assert.match(stderr, /Predict reference\n {2}run\.py not found\n/);
    assert.match(stderr, /Found 1 error\.\n/);
    assert.match(stderr, /doctor found issues\n$/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('invalid YAML and schema errors are reported with their line', async () => {
  const broken = await project({ 'cog.yaml': 'build: [\n' });
  const invalid = await project({
    'cog.yaml': 'build:\n  python_version: "3.13"\n  gpu: maybe\nrun: "run.py:Runner"\n',
    'run.py': modernPy,
  });
  try {
    const yaml = await runCaptured(['doctor'], { cwd: broken, env: quietEnv });
    assert.equal(yaml.code, 1);
    assert.match(
      yaml.stderr,
      /Config parsing\n {2}cog\.yaml:\d+ — cog\.yaml has invalid YAML: Flow sequence in block collection/,
    );
    assert.doesNotMatch(yaml.stderr, /invalid YAML.*invalid YAML/);
    const schema = await runCaptured(['doctor'], { cwd: invalid, env: quietEnv });
    assert.equal(schema.code, 1);
    assert.match(
      schema.stderr,
      /Config schema\n {2}cog\.yaml:3 — cog\.yaml validation failed: .*build\.gpu/,
    );
  } finally {
    await rm(broken, { recursive: true, force: true });
    await rm(invalid, { recursive: true, force: true });
  }
});

test('a dead Docker daemon is reported clearly', async () => {
  const dir = await project({ 'cog.yaml': modernYaml, 'run.py': modernPy });
  try {
    const env = {
      PATH: '/nonexistent',
      COG_SKIP_GPU_CHECK: '1',
      DOCKER_HOST: `unix://${dir}/no-such.sock`,
    };
    const { code, stderr } = await runCaptured(['doctor'], { cwd: dir, env });
    assert.equal(code, 1);
    assert.match(stderr, /\nDocker\n {2}Docker is not available: .+\n/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('no cog.yaml anywhere: the config-not-found error', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'cog-doctor-'));
  try {
    const { code, stderr } = await runCaptured(['doctor'], { cwd: dir, env: quietEnv });
    assert.equal(code, 1);
    assert.match(stderr, /cog\.yaml not found in /);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
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
    summaryLine(tally(0, 3, 0, true), false),
    'Found 3 warnings. Run "cog doctor --fix" to auto-fix.',
  );
  assert.equal(summaryLine(tally(0, 3, 0, true), true), 'Found 3 warnings.');
  assert.equal(summaryLine(tally(0, 0, 1), true), 'Fixed 1 issue.');
  assert.equal(
    summaryLine(tally(1, 2, 3), true),
    'Fixed 3 issues. 2 warnings remaining. 1 unfixed error.',
  );
});

test('missing return annotations, including multi-line signatures', () => {
  const source = [
    'class Runner:',
    '    def run(self, a: int):',
    '        pass',
    '    async def predict(',
    '        self,',
    '        b: str,',
    '    ) -> str:',
    '        pass',
    '    def run(self,',
    '            c: int):',
    '        pass',
  ].join('\n');
  assert.deepEqual(missingReturnAnnotations(source), [
    { method: 'run', line: 2 },
    { method: 'run', line: 9 },
  ]);
});

test('the pydantic BaseModel workaround is found and --fix imports cog.BaseModel', async () => {
  const py = [
    'from cog import BaseRunner, Path',
    'from pydantic import BaseModel, Field',
    '',
    'class Output(BaseModel):',
    '    image: Path',
    '    class Config:',
    '        arbitrary_types_allowed = True',
    '',
    'class Runner(BaseRunner):',
    '    def run(self) -> Output:',
    '        ...',
    '',
  ].join('\n');
  const dir = await project({ 'cog.yaml': modernYaml, 'run.py': py });
  try {
    const found = await runCaptured(['doctor'], { cwd: dir, env: quietEnv });
    assert.match(
      found.stderr,
      /Pydantic BaseModel workaround\n {2}run\.py:2 — pydantic\.BaseModel with arbitrary_types_allowed is a workaround; use cog\.BaseModel instead\n/,
    );
    const fixed = await runCaptured(['doctor', '--fix'], { cwd: dir, env: quietEnv });
    assert.equal(fixed.code, 0, fixed.stderr);
    assert.match(fixed.stderr, /Fixed: Pydantic BaseModel workaround/);
    const text = await readFile(path.join(dir, 'run.py'), 'utf8');
    assert.match(text, /^from pydantic import Field\nfrom cog import BaseModel\n/m);
    assert.doesNotMatch(text, /from pydantic import .*BaseModel/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
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
      /Unknown fields\n {2}cog\.yaml:3 — unknown field "build\.system_pacakges"; did you mean "build\.system_packages"\?/,
    );
    assert.match(stderr, /Found 1 error\.\n/);
    // Elsewhere it is a warning: the command goes on.
    const debug = await runCaptured(['debug'], { cwd: dir, env: quietEnv });
    assert.equal(debug.code, 0, debug.stderr);
    assert.match(debug.stderr, /cog\.yaml:3:3: unknown field "build\.system_pacakges" is ignored/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

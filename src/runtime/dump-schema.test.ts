// `--dump-schema` end to end: the real entry point (`main.ts`) in a child process with real
// predictors in a temp directory (the merge itself: src/contracts/openapi-document.test.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';

const here = path.dirname(fileURLToPath(import.meta.url));
const MAIN = path.join(here, 'main.ts');
const PYTHON_SDK = path.resolve(here, '../../python');

const RUNNER = `
from cog import BaseRunner

class Runner(BaseRunner):
    def run(self, text: str) -> str:
        return text
`;
const TRAIN = `\ndef train(steps: int) -> str:\n    return "w"\n`;
const RUN_ONLY = 'build:\n  python_version: "3.11"\nrun: "run.py:Runner"\n';
const RUN_AND_TRAIN = `${RUN_ONLY}train: "run.py:train"\n`;

interface Doc {
  paths: Record<string, unknown>;
  components: { schemas: Record<string, { required?: string[] }> };
}

function dump(
  source: string,
  options: { args?: string[]; cogYaml?: string; env?: Record<string, string> } = {},
) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'coglet-schema-'));
  writeFileSync(path.join(dir, 'run.py'), source);
  writeFileSync(path.join(dir, 'cog.yaml'), options.cogYaml ?? RUN_ONLY);
  try {
    return spawnSync(process.execPath, [MAIN, '--dump-schema', ...(options.args ?? [])], {
      cwd: dir,
      env: {
        ...process.env,
        PYTHONPATH: PYTHON_SDK,
        COG_PREDICT_TYPE_STUB: '',
        COG_TRAIN_TYPE_STUB: '',
        ...options.env,
      },
      encoding: 'utf8',
      timeout: 15_000,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('--dump-schema', () => {
  test('prints the OpenAPI document (ref from cog.yaml) and exits 0, even when the module prints', () => {
    const result = dump(`print("imported")\n${RUNNER}`);
    assert.equal(result.status, 0, result.stderr);
    const schema = JSON.parse(result.stdout) as Doc & { openapi: string };
    assert.equal(schema.openapi, '3.0.2');
    assert.deepEqual(schema.components.schemas.Input?.required, ['text']);
    assert.equal(schema.components.schemas.TrainingInput, undefined);
    assert.match(result.stderr, /imported/);
  });

  test('with run: and train: configured, prints ONE merged document', () => {
    const result = dump(RUNNER + TRAIN, { cogYaml: RUN_AND_TRAIN });
    assert.equal(result.status, 0, result.stderr);
    const schema = JSON.parse(result.stdout) as Doc;
    assert.deepEqual(schema.components.schemas.Input?.required, ['text']);
    assert.deepEqual(schema.components.schemas.TrainingInput?.required, ['steps']);
    for (const key of ['/predictions', '/trainings', '/trainings/{training_id}/cancel'])
      assert.ok(key in schema.paths, key);
  });

  test('the train reference from COG_TRAIN_TYPE_STUB is merged too', () => {
    const result = dump(RUNNER + TRAIN, { env: { COG_TRAIN_TYPE_STUB: 'run.py:train' } });
    assert.equal(result.status, 0, result.stderr);
    assert.ok('/trainings' in (JSON.parse(result.stdout) as Doc).paths);
  });

  test('--x-mode train prints the training document with training names only', () => {
    const result = dump(RUNNER + TRAIN, { args: ['--x-mode', 'train'], cogYaml: RUN_AND_TRAIN });
    assert.equal(result.status, 0, result.stderr);
    const schema = JSON.parse(result.stdout) as Doc;
    assert.deepEqual(schema.components.schemas.TrainingInput?.required, ['steps']);
    assert.equal(schema.components.schemas.Input, undefined);
    assert.ok(!('/predictions' in schema.paths));
    assert.ok('/trainings/{training_id}' in schema.paths);
  });

  test('exits 1 with the Python traceback when the predictor fails to import', () => {
    const result = dump('raise ImportError("nope")\n');
    assert.equal(result.status, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /Traceback \(most recent call last\):[\s\S]*ImportError: nope/);
  });

  test('a predictor whose import hangs fails after COG_DUMP_SCHEMA_TIMEOUT with a clear error', () => {
    const started = Date.now();
    const result = dump(`import time\ntime.sleep(600)\n${RUNNER}`, {
      env: { COG_DUMP_SCHEMA_TIMEOUT: '1' },
    });
    assert.equal(result.status, 1, `status ${result.status}: ${result.stderr}`);
    assert.ok(Date.now() - started < 10_000);
    assert.equal(result.stdout, '');
    assert.match(
      result.stderr,
      /ERROR: loading run\.py:Runner for the OpenAPI schema did not finish within 1 s .*COG_DUMP_SCHEMA_TIMEOUT/,
    );
  });

  test('exits 1 with the traceback when only the trainer fails to load', () => {
    const result = dump(RUNNER, { cogYaml: RUN_AND_TRAIN });
    assert.equal(result.status, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /train/);
  });
});

describe('--dump-schema of a JavaScript model', () => {
  test('predict and train documents from the Node worker, merged into one', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'coglet-schema-node-'));
    try {
      writeFileSync(
        path.join(dir, 'run.mjs'),
        "export const inputs = { text: { type: 'string' } };\nexport const run = ({ text }) => text;\n",
      );
      writeFileSync(
        path.join(dir, 'train.mjs'),
        "export const inputs = { steps: { type: 'integer' } };\nexport const train = () => 'w';\n",
      );
      writeFileSync(path.join(dir, 'cog.yaml'), 'run: "run.mjs:run"\ntrain: "train.mjs:train"\n');
      const result = spawnSync(process.execPath, [MAIN, '--dump-schema'], {
        cwd: dir,
        env: {
          ...process.env,
          COG_PREDICT_TYPE_STUB: '',
          COG_TRAIN_TYPE_STUB: '',
          COG_NODE_WORKER: path.resolve(here, '../node-worker/main.ts'),
          COG_NODE_SCHEMA_DIR: path.join(dir, 'no-staged-schema'),
        },
        encoding: 'utf8',
        timeout: 15_000,
      });
      assert.equal(result.status, 0, result.stderr);
      const doc = JSON.parse(result.stdout) as Doc;
      assert.deepEqual(doc.components.schemas.Input?.required, ['text']);
      assert.deepEqual(doc.components.schemas.TrainingInput?.required, ['steps']);
      assert.ok('/trainings' in doc.paths && '/predictions' in doc.paths);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCaptured } from '../cli-test-harness.ts';

test('cog train on a model without train: says so, before any Docker work', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'cog-train-'));
  try {
    await writeFile(
      path.join(dir, 'cog.yaml'),
      'build:\n  python_version: "3.11"\nrun: "run.py:Runner"\n',
    );
    // A dead daemon address: reaching Docker would fail with a different error.
    const { code, stderr } = await runCaptured(['train', '-i', 'x=1'], {
      cwd: dir,
      env: { DOCKER_HOST: 'unix:///nonexistent.sock' },
    });
    assert.equal(code, 1);
    assert.match(stderr, /this model cannot be trained: cog\.yaml has no "train" entry/);
    assert.match(stderr, /Add `train: "train\.py:train"` to cog\.yaml/);
    assert.doesNotMatch(stderr, /COG_TRAIN_TYPE_STUB/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// `cog train` (examples/train): deprecated but working; the output goes to `weights`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import { copyExample, type TempProject } from './lib/project.ts';

let project: TempProject;

before(async () => {
  project = await copyExample('train');
});
after(async () => {
  await project.dispose();
  await assertNoLeftoverContainers();
});

test('train writes its output to weights', async () => {
  const result = await cog(['train', '-i', 'greeting=hi', '-i', 'repeats=2'], { cwd: project.dir });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.match(result.stderr, /Command "train" is deprecated/);
  assert.match(result.stderr, /Running training\.\.\./);
  assert.match(result.stderr, /Written output to: weights/);
  const output = JSON.parse(readFileSync(path.join(project.dir, 'weights'), 'utf8')) as {
    size: number;
    weights: string;
  };
  assert.equal(output.size, 5);
  assert.equal(Buffer.from(output.weights.split(',')[1] ?? '', 'base64').toString(), 'hi hi');
});

test('train validates against the training inputs', async () => {
  const result = await cog(['train', '-i', 'name=x'], { cwd: project.dir });
  assert.equal(result.exitCode, 1);
  assert.match(result.stderr, /unknown input "name"; valid inputs are: greeting, repeats/);
  await assertNoLeftoverContainers();
});

test('train loads only the training file: a run.py that does not import is no obstacle', async () => {
  const broken = await copyExample('train');
  try {
    writeFileSync(path.join(broken.dir, 'run.py'), 'raise RuntimeError("the runner is broken")\n');
    const result = await cog(['train', '-i', 'greeting=yo', '-i', 'repeats=1'], {
      cwd: broken.dir,
    });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /the runner is broken/);
    assert.match(result.stderr, /Written output to: weights/);
  } finally {
    await broken.dispose();
  }
  await assertNoLeftoverContainers();
});

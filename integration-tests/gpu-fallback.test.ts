// On a host without the NVIDIA runtime, `--gpus all` retries without GPUs (as the original);
// any other GPU request fails with one clear line. Skipped where a GPU driver exists.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { cog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import { copyExample, type TempProject } from './lib/project.ts';

let project: TempProject;
let hasGpu = false;

before(async () => {
  hasGpu = (await execa('nvidia-smi', [], { reject: false })).exitCode === 0;
  project = await copyExample('hello-world');
});
after(async () => {
  await project.dispose();
  await assertNoLeftoverContainers();
});

test('--gpus all falls back to CPU for exec and run', async (t) => {
  if (hasGpu) return t.skip('this host has a GPU driver');
  const exec = await cog(['exec', '--gpus', 'all', 'echo', 'cpu'], { cwd: project.dir });
  assert.equal(exec.exitCode, 0, exec.stderr);
  assert.equal(exec.stdout, 'cpu\n');
  assert.match(exec.stderr, /Missing device driver, re-trying without GPU/);
  const run = await cog(['run', '--gpus', 'all', '-i', 'text=cpu'], { cwd: project.dir });
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal(run.stdout, 'hello cpu\n');
  await assertNoLeftoverContainers();
});

test('a specific GPU request fails clearly', async (t) => {
  if (hasGpu) return t.skip('this host has a GPU driver');
  const result = await cog(['exec', '--gpus', '1', 'true'], { cwd: project.dir });
  assert.equal(result.exitCode, 1);
  assert.match(result.stderr, /Docker is missing required device driver/);
  const bad = await cog(['exec', '--gpus', 'lots', 'true'], { cwd: project.dir });
  assert.equal(bad.exitCode, 1);
  assert.match(bad.stderr, /invalid GPU specification: "lots"/);
  assert.doesNotMatch(bad.stderr, /Building Docker image/, 'checked before building');
  await assertNoLeftoverContainers();
});

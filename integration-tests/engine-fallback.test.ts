// Without the buildx plugin (simulated with COG_NO_BUILDX=1) builds go through the Engine API's
// classic builder: the image still gets its labels and runs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cog, repoRoot } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers, imageLabels } from './lib/docker-checks.ts';
import { copyExample, type TempProject } from './lib/project.ts';

const image = `cog-it-engine:${process.pid}`;
let project: TempProject;

before(async () => {
  project = await copyExample('hello-world');
});
after(async () => {
  await project.dispose(image);
  await assertNoLeftoverContainers();
});

test('classic builder build, labels and run', async () => {
  const result = await cog(['build', '-t', image], {
    cwd: project.dir,
    env: { COG_NO_BUILDX: '1' },
  });
  assert.equal(result.exitCode, 0, result.stderr);
  const labels = await imageLabels(image);
  assert.equal(labels['run.cog.has_init'], 'true');
  assert.match(labels['run.cog.openapi_schema'] ?? '', /"Input"/);
  const run = await cog(['run', image, '-i', 'text=engine'], { cwd: repoRoot });
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal(run.stdout, 'hello engine\n');
});

test('secrets are refused without BuildKit', async () => {
  const result = await cog(['build', '-t', image, '--secret', 'id=a,env=HOME'], {
    cwd: project.dir,
    env: { COG_NO_BUILDX: '1' },
  });
  assert.equal(result.exitCode, 1);
  assert.match(result.stderr, /build secrets need BuildKit/);
});

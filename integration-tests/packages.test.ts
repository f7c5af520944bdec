// A build that uses the network-backed steps (examples/packages): an apt package (`jq`) and a
// PyPI requirement (`six`) on the Python 3.13 base.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import { copyExample, type TempProject } from './lib/project.ts';

let project: TempProject;

before(async () => {
  project = await copyExample('packages');
});
after(async () => {
  await project.dispose();
  await assertNoLeftoverContainers();
});

test('apt and PyPI packages are installed', async () => {
  const six = await cog(['run', '-i', 'key=six'], { cwd: project.dir });
  assert.equal(six.exitCode, 0, six.stderr);
  assert.equal(six.stdout, '1.17.0\n');
  const python = await cog(['run', '-i', 'key=python'], { cwd: project.dir });
  assert.equal(python.exitCode, 0, python.stderr);
  assert.match(python.stdout, /^3\.13\.\d+\n$/);
});

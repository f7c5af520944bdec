// `cog build --separate-weights`: files over 10 MiB go into `<image>-weights`, the model image
// copies them from there, and the model still runs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { cog, repoRoot } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers, imageExists } from './lib/docker-checks.ts';
import { inlineProject, type TempProject } from './lib/project.ts';

const image = `cog-it-weights:${process.pid}`;
const weightsImage = `${image}-weights`;
let project: TempProject;

before(async () => {
  project = await inlineProject('weights', {
    'cog.yaml': 'build:\n  python_version: "3.11"\nrun: "run.py:Runner"\n',
    'run.py': [
      'import os',
      'from cog import BaseRunner',
      '',
      'class Runner(BaseRunner):',
      '    def run(self) -> int:',
      '        return os.path.getsize("/src/checkpoints/model.bin")',
      '',
    ].join('\n'),
    'checkpoints/model.bin': Buffer.alloc(11 * 1024 * 1024, 7),
  });
});
after(async () => {
  await project.dispose(image, weightsImage);
  await assertNoLeftoverContainers();
});

test('weights live in their own image', async () => {
  const result = await cog(['build', '--separate-weights', '-t', image], { cwd: project.dir });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.ok(await imageExists(weightsImage), 'the weights image exists');
  const layers = await execa('docker', [
    'image',
    'inspect',
    weightsImage,
    '--format',
    '{{len .RootFS.Layers}}',
  ]);
  assert.equal(String(layers.stdout).trim(), '1');
  const run = await cog(['run', image], { cwd: repoRoot });
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal(run.stdout, `${11 * 1024 * 1024}\n`);
});

// A failed rebuild must leave the user's tag on the last good image (and no provisional or
// half-labelled image behind): build a working model, break its import, rebuild, predict.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { cog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers, imageExists } from './lib/docker-checks.ts';
import { copyExample, type TempProject } from './lib/project.ts';

const image = 'cog-it-failed-rebuild';
let project: TempProject;
// Provisional names a SIGKILLed CLI of another test left behind (its cleanup never ran) are not
// this file's business: it checks that its own builds leave none.
let earlier = new Set<string>();

before(async () => {
  project = await copyExample('hello-world');
  earlier = new Set((await provisionalImages()).split('\n').filter(Boolean));
});
after(async () => {
  await project.dispose(image);
  await assertNoLeftoverContainers();
});

async function imageId(name: string): Promise<string> {
  const result = await execa('docker', ['image', 'inspect', name, '--format', '{{.Id}}']);
  return String(result.stdout).trim();
}

async function provisionalImages(): Promise<string> {
  const result = await execa('docker', [
    'images',
    '--filter',
    'reference=cog-provisional-*',
    '--format',
    '{{.Repository}}:{{.Tag}}',
  ]);
  return String(result.stdout)
    .trim()
    .split('\n')
    .filter((name) => name !== '' && !earlier.has(name))
    .join('\n');
}

test('a rebuild that fails at the schema step keeps the tag on the last good image', async () => {
  const good = await cog(['build', '-t', image], { cwd: project.dir });
  assert.equal(good.exitCode, 0, good.stderr);
  const goodId = await imageId(image);
  assert.equal(await provisionalImages(), '');

  writeFileSync(
    path.join(project.dir, 'run.py'),
    'import definitely_not_installed_module\nfrom cog import BaseRunner\n',
  );
  const bad = await cog(['build', '-t', image], { cwd: project.dir });
  assert.equal(bad.exitCode, 1);
  assert.match(bad.stderr, /definitely_not_installed_module/);
  assert.equal(await imageId(image), goodId, 'the tag moved off the last good image');
  assert.equal(await provisionalImages(), '', 'a provisional image was left behind');

  const predict = await cog(['predict', image, '-i', 'text=again'], { cwd: project.dir });
  assert.equal(predict.exitCode, 0, predict.stderr);
  assert.equal(predict.stdout, 'hello again\n');
});

test('a first build that fails leaves no image under the name', async () => {
  const fresh = `${image}-fresh`;
  const bad = await cog(['build', '-t', fresh], { cwd: project.dir });
  assert.equal(bad.exitCode, 1);
  assert.equal(await imageExists(fresh), false);
  assert.equal(await provisionalImages(), '');
});

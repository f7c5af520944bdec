// A failed rebuild must leave the user's tag on the last good image (and no provisional or
// half-labelled image behind): build a working model, break its import, rebuild, predict. A
// build killed outright leaves its provisional name to the next build, which removes it
// (src/image/orphan-reaper.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { cog, spawnCog } from './lib/cog-cli.ts';
import {
  assertNoLeftoverContainers,
  imageExists,
  ourContainers,
  waitForNoLeftoverContainers,
} from './lib/docker-checks.ts';
import { copyExample, type TempProject } from './lib/project.ts';
import { currentOwner } from '../src/image/container-owner.ts';
import { provisionalImageName } from '../src/image/provisional-image.ts';

const image = 'cog-it-failed-rebuild';
let project: TempProject;
// Provisional names of the older `:build` form (no owner recorded, so never reaped) or of live
// builds elsewhere are not this file's business: it checks that its own builds leave none.
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

test('a build killed outright leaves a provisional name that the next build removes', async () => {
  // The import sleeps, so the schema step (a container on the provisional image) hangs there.
  writeFileSync(
    path.join(project.dir, 'run.py'),
    'import time\ntime.sleep(600)\nfrom cog import BaseRunner\n\nclass Runner(BaseRunner):\n    def run(self, text: str) -> str:\n        return "hello " + text\n',
  );
  // A name owned by a live process (this one: a concurrent build) must survive the reaper.
  const live = provisionalImageName(currentOwner());
  await execa('docker', ['tag', 'python:3.11-slim', live]);
  try {
    const child = spawnCog(['build', '-t', image], { cwd: project.dir });
    const owned = `:p${child.pid}-`;
    const deadline = Date.now() + 300_000;
    while (!(await provisionalImages()).includes(owned) || (await ourContainers()).length === 0) {
      assert.ok(Date.now() < deadline, 'the build never reached its schema step');
      assert.equal(child.exitCode, null, 'the build ended before its schema step');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    child.kill('SIGKILL');
    assert.equal((await child).signal, 'SIGKILL');
    assert.match(await provisionalImages(), new RegExp(owned), 'the killed build left its name');

    writeFileSync(
      path.join(project.dir, 'run.py'),
      'from cog import BaseRunner\n\nclass Runner(BaseRunner):\n    def run(self, text: str) -> str:\n        return "hello " + text\n',
    );
    const next = await cog(['build', '-t', image], { cwd: project.dir });
    assert.equal(next.exitCode, 0, next.stderr);
    const left = await provisionalImages();
    assert.doesNotMatch(left, new RegExp(owned), 'the killed build’s name is still there');
    assert.ok(left.split('\n').includes(live), 'the live owner’s name was removed');
    assert.equal(await imageExists('python:3.11-slim'), true);
  } finally {
    await execa('docker', ['rmi', live], { reject: false });
  }
});

test('a `cog run` killed during its prediction leaves no provisional name', async () => {
  // The dev image's provisional name is dropped as soon as the tag moved, not when the command
  // ends: the CLI killed during the prediction holds none.
  writeFileSync(
    path.join(project.dir, 'run.py'),
    'import time\nfrom cog import BaseRunner\n\nclass Runner(BaseRunner):\n    def run(self, text: str) -> str:\n        print("prediction started", flush=True)\n        time.sleep(600)\n        return text\n',
  );
  const child = spawnCog(['run', '-i', 'text=x'], { cwd: project.dir });
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no prediction:\n${seen}`)), 300_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (/prediction started/.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  assert.equal(await provisionalImages(), '', 'a provisional name outlived the build step');
  child.kill('SIGKILL');
  await child;
  await waitForNoLeftoverContainers(30_000);
  assert.equal(await provisionalImages(), '');
});

// Files both ways (examples/files): `-i file=@input.txt` goes in as a data URL, the Path output
// comes back as `output.txt` (extension from the MIME type), or at `-o`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import { copyExample, type TempProject } from './lib/project.ts';

let project: TempProject;

before(async () => {
  project = await copyExample('files');
});
after(async () => {
  await project.dispose();
  await assertNoLeftoverContainers();
});

test('file in, file out', async () => {
  const result = await cog(['run', '-i', 'file=@input.txt', '-i', 'prefix=> '], {
    cwd: project.dir,
  });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.match(result.stderr, /Written output to: output.txt/);
  assert.equal(readFileSync(path.join(project.dir, 'output.txt'), 'utf8'), '> HELLO\n> WORLD\n');
  await assertNoLeftoverContainers();
});

test('-o keeps the given extension', async () => {
  const result = await cog(['run', '-i', 'file=@input.txt', '-o', 'shout.out'], {
    cwd: project.dir,
  });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(readFileSync(path.join(project.dir, 'shout.out'), 'utf8'), 'HELLO\nWORLD\n');
});

test('a missing input file is reported before anything starts', async () => {
  const result = await cog(['run', '-i', 'file=@missing.txt'], { cwd: project.dir });
  assert.equal(result.exitCode, 1);
  assert.match(result.stderr, /input "file": open missing.txt: no such file or directory/);
  assert.doesNotMatch(result.stderr, /Starting Docker image/);
});

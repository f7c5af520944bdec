// Iterator output (examples/iterator, a @streaming ConcatenateIterator): the chunks are printed
// as they arrive, concatenated on one line.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import { copyExample, type TempProject } from './lib/project.ts';

let project: TempProject;

before(async () => {
  project = await copyExample('iterator');
});
after(async () => {
  await project.dispose();
  await assertNoLeftoverContainers();
});

test('streamed chunks are concatenated on stdout', async () => {
  const result = await cog(['run', '-i', 'text=a b c', '-i', 'delay=0'], { cwd: project.dir });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(result.stdout, 'a b c\n');
});

test('--json shows the chunk list', async () => {
  const result = await cog(['run', '--json', '{"text": "x y", "delay": 0}'], { cwd: project.dir });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.deepEqual((JSON.parse(result.stdout) as { output: unknown }).output, ['x', ' y']);
});

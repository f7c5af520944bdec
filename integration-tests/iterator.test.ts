// Iterator output: the chunks of a @streaming ConcatenateIterator (examples/iterator, server-sent
// events) are printed as they arrive, concatenated on one line; a plain Iterator prints as the
// original prints lists (one JSON array at the end), since scripts parse stdout.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import { copyExample, inlineProject, type TempProject } from './lib/project.ts';

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

test('a ConcatenateIterator without @streaming prints a JSON array, as the original', async () => {
  const plain = await inlineProject('plain-iterator', {
    'cog.yaml': 'build:\n  python_version: "3.11"\nrun: "run.py:Runner"\n',
    'run.py': [
      'from cog import BaseRunner, ConcatenateIterator',
      '',
      'class Runner(BaseRunner):',
      '    def run(self, n: int) -> ConcatenateIterator[str]:',
      '        for word in ["hello", " world", " <!>"][:n]:',
      '            yield word',
      '',
    ].join('\n'),
  });
  try {
    const result = await cog(['run', '-i', 'n=3'], { cwd: plain.dir });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stdout, '[\n  "hello",\n  " world",\n  " \\u003c!\\u003e"\n]\n');
  } finally {
    await plain.dispose();
  }
  await assertNoLeftoverContainers();
});

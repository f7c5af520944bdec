// Iterator output: the chunks of a @streaming ConcatenateIterator (examples/iterator, server-sent
// events) are printed as they arrive, concatenated on one line; a plain Iterator's items are
// printed one per line as they arrive too (output webhooks).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cog, spawnCog } from './lib/cog-cli.ts';
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

test('a plain Iterator prints each item when it is produced', async () => {
  const plain = await inlineProject('plain-iterator', {
    'cog.yaml': 'build:\n  python_version: "3.11"\nrun: "run.py:Runner"\n',
    'run.py': [
      'import time',
      'from typing import Iterator',
      'from cog import BaseRunner',
      '',
      'class Runner(BaseRunner):',
      '    def run(self, n: int) -> Iterator[int]:',
      '        for i in range(n):',
      '            time.sleep(1.0)',
      '            yield i * 10',
      '',
    ].join('\n'),
  });
  try {
    const child = spawnCog(['run', '-i', 'n=3'], { cwd: plain.dir });
    const arrivals: Array<{ at: number; text: string }> = [];
    child.stdout?.on('data', (chunk: Buffer) =>
      arrivals.push({ at: Date.now(), text: chunk.toString() }),
    );
    const result = await child;
    const done = Date.now();
    assert.equal(result.exitCode, 0, String(result.stderr));
    assert.equal(arrivals.map((a) => a.text).join(''), '0\n10\n20\n');
    const first = arrivals[0]?.at ?? done;
    assert.ok(
      done - first >= 1500,
      `the first item came ${done - first} ms before the end, not at the end`,
    );
  } finally {
    await plain.dispose();
  }
  await assertNoLeftoverContainers();
});

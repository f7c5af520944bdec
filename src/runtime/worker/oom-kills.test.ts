import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeWorkerExit, diedOfOom, parseOomKillCount, readOomKillCount } from './oom-kills.ts';

test('the oom_kill counter of cgroup v2 memory.events and v1 memory.oom_control', () => {
  const v2 = 'low 0\nhigh 0\nmax 12\noom 3\noom_kill 2\noom_group_kill 0\n';
  const v1 = 'oom_kill_disable 0\nunder_oom 0\noom_kill 1\n';
  assert.equal(parseOomKillCount(v2), 2);
  assert.equal(parseOomKillCount(v1), 1);
  assert.equal(parseOomKillCount('oom_kill_disable 0\nunder_oom 0\n'), undefined, 'old kernel');
  assert.equal(parseOomKillCount(''), undefined);
});

test('the first readable file with a counter wins; none at all is undefined', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cog-oom-'));
  try {
    const v1 = path.join(dir, 'memory.oom_control');
    writeFileSync(v1, 'oom_kill_disable 0\nunder_oom 0\noom_kill 4\n');
    assert.equal(readOomKillCount([path.join(dir, 'missing'), v1]), 4);
    assert.equal(readOomKillCount([path.join(dir, 'missing')]), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('only a SIGKILL during which the counter went up is out of memory', () => {
  const rows: Array<
    [string, number | null, string | null, number | undefined, number | undefined, boolean]
  > = [
    ['SIGKILL, counter up', null, 'SIGKILL', 0, 1, true],
    ['137 from a shell, counter up', 137, null, 2, 3, true],
    ['SIGKILL, counter unchanged (someone ran kill -9)', null, 'SIGKILL', 1, 1, false],
    ['SIGSEGV, counter up (another process ran out)', null, 'SIGSEGV', 0, 1, false],
    ['exit 1, counter up', 1, null, 0, 1, false],
    ['no counter (no cgroup)', null, 'SIGKILL', undefined, undefined, false],
  ];
  for (const [name, code, signal, before, after, expected] of rows)
    assert.equal(diedOfOom(code, signal, before, after), expected, name);
  assert.equal(describeWorkerExit(null, 'SIGKILL', false), 'signal SIGKILL');
  assert.equal(describeWorkerExit(3, null, false), 'exit code 3');
  assert.equal(
    describeWorkerExit(null, 'SIGKILL', true),
    'out of memory: killed by the OOM killer, signal SIGKILL',
  );
});

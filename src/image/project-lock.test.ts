import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CleanupStack } from './cleanup-stack.ts';
import { lockProject } from './project-lock.ts';

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

test('the lock is exclusive, waited for, and released', async () => {
  const dir = tempDir('cog-lock-');
  const first = new CleanupStack();
  const release = await lockProject(dir, first);
  const second = new CleanupStack();
  let waitedFor = 0;
  const pending = lockProject(dir, second, { onWait: (pid) => (waitedFor = pid), pollMs: 20 });
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(waitedFor, process.pid, 'the second taker waits for the first');
  await release();
  await pending;
  assert.ok(existsSync(path.join(dir, '.cog', 'cog.lock')));
  await second.dispose();
  assert.ok(!existsSync(path.join(dir, '.cog', 'cog.lock')));
});

test('a lock left by a dead process is taken over', async () => {
  const dir = tempDir('cog-lock-');
  mkdirSync(path.join(dir, '.cog'));
  writeFileSync(path.join(dir, '.cog', 'cog.lock'), '999999999');
  const stack = new CleanupStack();
  await lockProject(dir, stack, { onWait: () => assert.fail('must not wait for a dead owner') });
  await stack.dispose();
});

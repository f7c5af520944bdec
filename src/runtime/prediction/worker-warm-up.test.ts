import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkerWarmUp } from './worker-warm-up.ts';

test('round trips go one at a time and resolve with how many were answered', async () => {
  const sent: string[] = [];
  const warmUp = new WorkerWarmUp((id) => sent.push(id), { rounds: 3, timeoutMs: 5000 });
  const done = warmUp.run();
  for (let round = 1; round <= 3; round++) {
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(sent.length, round, 'the next is sent only after the last was answered');
    warmUp.answered(sent.at(-1) as string);
  }
  assert.equal(await done, 3);
  assert.equal(new Set(sent).size, 3, 'each round trip has its own id');
});

test('a worker that does not answer is waited for once, up to the timeout', async () => {
  const sent: string[] = [];
  const warmUp = new WorkerWarmUp((id) => sent.push(id), { rounds: 3, timeoutMs: 20 });
  assert.equal(await warmUp.run(), 0);
  assert.equal(sent.length, 1);
  warmUp.answered(sent[0] as string); // a late answer is ignored
});

test('abandon ends a warm-up whose worker went away', async () => {
  const sent: string[] = [];
  const warmUp = new WorkerWarmUp((id) => sent.push(id), { rounds: 3, timeoutMs: 60_000 });
  const done = warmUp.run();
  warmUp.answered(sent[0] as string);
  await new Promise((resolve) => setImmediate(resolve));
  warmUp.abandon();
  assert.equal(await done, 1);
});

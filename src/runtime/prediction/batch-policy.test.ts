// The adaptive wait of @cog.batch (pure, with numbers for time) and the collector's batching
// (fake clock, real timers only where a wait is the point).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BatchCollector } from './batch-collector.ts';
import { BatchPolicy } from './batch-policy.ts';

describe('BatchPolicy', () => {
  test('no arrivals seen yet, or a full batch: no wait', () => {
    const policy = new BatchPolicy({ maxSize: 4, maxWaitMs: 50 });
    assert.equal(policy.waitMs(1, 0, 0), 0, 'the first request: nobody known to be coming');
    assert.equal(policy.waitMs(4, 0, 0), 0);
  });

  test('dense arrivals wait for the batch to fill, never past max_wait_ms from the oldest', () => {
    const policy = new BatchPolicy({ maxSize: 8, maxWaitMs: 50 });
    for (let t = 0; t <= 10; t += 2) policy.observeArrival(t); // a gap of 2 ms
    assert.equal(policy.meanGapMs, 2);
    assert.equal(policy.waitMs(6, 10, 10), 4, 'two more at 2 ms each');
    assert.equal(policy.waitMs(1, 10, 10), 14);
    assert.equal(policy.waitMs(1, 0, 45), 5, 'only what is left of the 50 ms');
    assert.equal(policy.waitMs(1, 0, 60), 0);
  });

  test('sparse arrivals (gap beyond the budget) do not wait at all', () => {
    const policy = new BatchPolicy({ maxSize: 8, maxWaitMs: 50 });
    policy.observeArrival(0);
    policy.observeArrival(200);
    assert.equal(policy.waitMs(1, 200, 200), 0);
  });

  test('the fixed cost per call bounds the wait; a cost that is all per item means no wait', () => {
    const fixedHeavy = new BatchPolicy({ maxSize: 32, maxWaitMs: 100 });
    for (let t = 0; t < 10; t++) fixedHeavy.observeArrival(t); // 1 ms gaps
    for (const size of [1, 4, 8, 16]) fixedHeavy.observeRun(size, 20 + size);
    assert.ok(Math.abs((fixedHeavy.fixedCostMs() ?? 0) - 20) < 1e-6);
    assert.equal(Math.round(fixedHeavy.waitMs(1, 9, 9)), 20, 'min(31 × 1 ms, 20 ms fixed)');
    const perItem = new BatchPolicy({ maxSize: 32, maxWaitMs: 100 });
    for (let t = 0; t < 10; t++) perItem.observeArrival(t);
    for (const size of [1, 4, 8, 16]) perItem.observeRun(size, 5 * size);
    assert.ok((perItem.fixedCostMs() ?? 1) < 1e-6);
    assert.ok(perItem.waitMs(1, 9, 9) < 1e-6);
  });
});

describe('BatchCollector', () => {
  test('one batch at a time; what arrives meanwhile leaves together when it is done', () => {
    const sent: string[][] = [];
    let now = 0;
    const collector = new BatchCollector<string>(
      new BatchPolicy({ maxSize: 3, maxWaitMs: 0 }),
      (items) => sent.push(items),
      () => now,
    );
    collector.add('a', 'A');
    assert.deepEqual(sent, [['A']], 'idle worker, nobody expected: at once');
    for (const id of ['b', 'c', 'd', 'e']) collector.add(id, id.toUpperCase());
    assert.equal(collector.pending, 4);
    assert.equal(collector.remove('c'), true);
    assert.equal(collector.remove('c'), false);
    now = 10;
    collector.batchDone(1, 10);
    assert.deepEqual(sent[1], ['B', 'D', 'E'], 'at most max_size, in arrival order');
    collector.batchDone(3, 12);
    assert.equal(sent.length, 2);
    assert.equal(collector.inFlight, false);
  });

  test('an idle worker waits a little for dense arrivals, then sends what it has', async () => {
    const sent: string[][] = [];
    let now = 0;
    const collector = new BatchCollector<string>(
      new BatchPolicy({ maxSize: 4, maxWaitMs: 40 }),
      (items) => sent.push(items),
      () => now,
    );
    collector.add('a', 'A');
    now = 1;
    collector.add('b', 'B'); // 1 ms after a: arrivals are dense
    collector.batchDone(1, 30);
    assert.deepEqual(sent, [['A']], 'B waits: another arrival is expected within ~1 ms');
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.deepEqual(sent, [['A'], ['B']], 'sent when the wait (3 ms = 3 more gaps) ran out');
    for (const id of ['c', 'd', 'e', 'f', 'g']) collector.add(id, id.toUpperCase());
    collector.batchDone(1, 30);
    assert.deepEqual(sent[2], ['C', 'D', 'E', 'F'], 'a full batch leaves at once');
    collector.reset();
    assert.equal(collector.pending, 0);
  });
});

// The bounded FIFO: order, capacity, removal from the middle, timeouts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PredictionQueue } from './prediction-queue.ts';

describe('PredictionQueue', () => {
  test('first in, first out, up to the capacity', () => {
    let now = 0;
    const queue = new PredictionQueue<string>(
      { capacity: 2, timeoutMs: null, now: () => now },
      () => {},
    );
    assert.equal(queue.push('a', 'A'), true);
    now = 5;
    assert.equal(queue.push('b', 'B'), true);
    assert.equal(queue.full, true);
    assert.equal(queue.push('c', 'C'), false);
    assert.equal(queue.push('a', 'A2'), false, 'an id waits once');
    now = 12;
    assert.deepEqual(queue.shift(), { item: 'A', waitedMs: 12 });
    assert.deepEqual(queue.shift(), { item: 'B', waitedMs: 7 });
    assert.equal(queue.shift(), undefined);
  });

  test('capacity 0 is always full', () => {
    const queue = new PredictionQueue<string>({ capacity: 0, timeoutMs: null }, () => {});
    assert.equal(queue.full, true);
    assert.equal(queue.push('a', 'A'), false);
    assert.equal(queue.size, 0);
  });

  test('remove takes an entry out of the middle; clear empties in order', () => {
    const queue = new PredictionQueue<string>({ capacity: 3, timeoutMs: null }, () => {});
    for (const id of ['a', 'b', 'c']) queue.push(id, id.toUpperCase());
    assert.equal(queue.remove('b'), 'B');
    assert.equal(queue.remove('b'), undefined);
    assert.equal(queue.get('c'), 'C');
    assert.deepEqual(queue.items(), ['A', 'C']);
    assert.deepEqual(queue.clear(), ['A', 'C']);
    assert.equal(queue.size, 0);
  });

  test('an entry that waits past the timeout leaves the queue and is reported', async () => {
    const timedOut: string[] = [];
    const queue = new PredictionQueue<string>({ capacity: 2, timeoutMs: 20 }, (item) =>
      timedOut.push(item),
    );
    queue.push('a', 'A');
    queue.push('b', 'B');
    assert.equal(queue.remove('b'), 'B');
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.deepEqual(timedOut, ['A'], 'a removed entry never times out');
    assert.equal(queue.size, 0);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EarlyCancels } from './early-cancels.ts';

describe('EarlyCancels', () => {
  test('a remembered cancel is applied once, within its lifetime', () => {
    let now = 0;
    const cancels = new EarlyCancels({ ttlMs: 100, now: () => now });
    cancels.remember('a');
    cancels.remember('b');
    assert.equal(cancels.take('a'), true);
    assert.equal(cancels.take('a'), false, 'consumed');
    assert.equal(cancels.take('unknown'), false);
    now = 101;
    assert.equal(cancels.take('b'), false, 'expired');
  });

  test('a cancel for a just-finished id is late, not early', () => {
    const cancels = new EarlyCancels({ ttlMs: 100 });
    cancels.finished('done');
    cancels.remember('done');
    assert.equal(cancels.take('done'), false);
  });

  test('a finished id stays known for finishedTtlMs', () => {
    let now = 0;
    const cancels = new EarlyCancels({ ttlMs: 100, finishedTtlMs: 1000, now: () => now });
    cancels.finished('done');
    now = 1000;
    assert.equal(cancels.recentlyFinished('done'), true);
    assert.equal(cancels.recentlyFinished('other'), false);
    now = 1001;
    assert.equal(cancels.recentlyFinished('done'), false, 'forgotten');
    cancels.remember('done');
    assert.equal(cancels.take('done'), true, 'an old id is early again');
  });

  test('at most 1000 finished ids are kept', () => {
    const cancels = new EarlyCancels({ ttlMs: 100 });
    for (let i = 0; i <= 1000; i++) cancels.finished(`id${i}`);
    assert.equal(cancels.recentlyFinished('id0'), false);
    assert.equal(cancels.recentlyFinished('id1'), true);
  });

  test('at most 1000 ids are kept, the oldest go first', () => {
    const cancels = new EarlyCancels({ ttlMs: 100 });
    for (let i = 0; i <= 1000; i++) cancels.remember(`id${i}`);
    assert.equal(cancels.take('id0'), false);
    assert.equal(cancels.take('id1'), true);
    assert.equal(cancels.take('id1000'), true);
  });
});

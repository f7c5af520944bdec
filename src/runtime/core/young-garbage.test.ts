import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectYoungGarbage } from './young-garbage.ts';

test('a scavenge through the exposed gc(), and nothing without it', () => {
  const global = globalThis as { gc?: (options: object) => void };
  const exposed = global.gc;
  const calls: object[] = [];
  try {
    global.gc = (options) => void calls.push(options);
    collectYoungGarbage();
    assert.deepEqual(calls, [{ type: 'minor' }]);
    delete global.gc;
    collectYoungGarbage();
    assert.equal(calls.length, 1);
  } finally {
    if (exposed) global.gc = exposed;
  }
});

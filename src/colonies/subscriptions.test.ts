import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChannelOrdering } from './subscriptions.ts';
import type { ChannelEntry } from './colonies-types.ts';

const entry = (senderid: string, sequence: number, text: string, type?: string): ChannelEntry => ({
  senderid,
  sequence,
  payload: Buffer.from(text).toString('base64'),
  ...(type ? { type } : {}),
});

test('entries come out once each, in per-sender sequence order, whichever path saw them first', () => {
  const o = new ChannelOrdering();
  assert.deepEqual(o.push([entry('a', 2, 'b')]), []); // a frame overtook the poll
  assert.deepEqual(
    o.push([entry('a', 1, 'a'), entry('a', 2, 'b')]).map((i) => i.payload),
    ['a', 'b'],
  );
  assert.deepEqual(o.push([entry('a', 1, 'a'), entry('a', 2, 'b')]), []); // the poll again
  assert.equal(o.seen, 2);
  const end = o.push([entry('a', 3, '', 'end')]);
  assert.deepEqual(
    end.map((i) => i.type),
    ['end'],
  );
});

test('a retried process: the second executor starts its own sequence', () => {
  const o = new ChannelOrdering();
  o.push([entry('a', 1, 'x')]);
  assert.deepEqual(
    o.push([entry('b', 1, 'y'), entry('b', 2, 'z')]).map((i) => `${i.senderId}${i.payload}`),
    ['by', 'bz'],
  );
  assert.equal(o.seen, 3);
});

test('an error entry carries its text; a missing payload decodes to the error field', () => {
  const o = new ChannelOrdering();
  const [item] = o.push([
    { senderid: 'a', sequence: 1, payload: null, type: 'error', error: 'boom' },
  ]);
  assert.deepEqual(item, { senderId: 'a', sequence: 1, type: 'error', payload: 'boom' });
});

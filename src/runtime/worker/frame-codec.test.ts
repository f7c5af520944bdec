import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeFrame, FrameDecoder } from './frame-codec.ts';

test('a frame is a 4-byte big-endian length and UTF-8 JSON', () => {
  const frame = encodeFrame({ type: 'ready', text: 'é' });
  assert.equal(frame.readUInt32BE(0), frame.length - 4);
  assert.equal(frame.subarray(4).toString('utf8'), '{"type":"ready","text":"é"}');
});

test('the decoder reassembles frames split at any byte and returns several per chunk', () => {
  const bytes = Buffer.concat([
    encodeFrame({ a: 1 }),
    encodeFrame({ b: 'two' }),
    encodeFrame({ c: [3] }),
  ]);
  for (let cut = 1; cut < bytes.length; cut++) {
    const decoder = new FrameDecoder();
    const got = [...decoder.push(bytes.subarray(0, cut)), ...decoder.push(bytes.subarray(cut))];
    assert.deepEqual(got, [{ a: 1 }, { b: 'two' }, { c: [3] }], `cut at ${cut}`);
  }
});

test('a frame longer than the limit is an error, not an allocation', () => {
  const header = Buffer.alloc(4);
  header.writeUInt32BE(0xffffffff, 0);
  assert.throws(() => new FrameDecoder().push(header), /exceeds the limit/);
});

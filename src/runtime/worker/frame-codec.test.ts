import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeFrame, FrameDecoder } from './frame-codec.ts';

/** Everything one decoder returns for `bytes` fed in chunks of `step` bytes. */
function decodeInChunks(bytes: Buffer, step: number): unknown[] {
  const decoder = new FrameDecoder();
  const got: unknown[] = [];
  for (let at = 0; at < bytes.length; at += step)
    got.push(...decoder.push(bytes.subarray(at, at + step)));
  return got;
}

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

test('the decoder gives the same frames for any chunking, one byte at a time included', () => {
  const messages = [{ a: 1 }, { big: 'x'.repeat(5000) }, {}, { c: 'é'.repeat(300) }];
  const bytes = Buffer.concat(messages.map(encodeFrame));
  for (const step of [1, 2, 3, 7, 64, 4099])
    assert.deepEqual(decodeInChunks(bytes, step), messages, `chunks of ${step}`);
});

test('a chunk that completes a frame and starts the next keeps the remainder', () => {
  const first = encodeFrame({ n: 1 });
  const second = encodeFrame({ n: 2, pad: 'y'.repeat(100) });
  const decoder = new FrameDecoder();
  assert.deepEqual(decoder.push(first.subarray(0, 6)), []);
  assert.deepEqual(decoder.push(Buffer.concat([first.subarray(6), second.subarray(0, 10)])), [
    { n: 1 },
  ]);
  assert.deepEqual(decoder.push(second.subarray(10, 50)), []);
  assert.deepEqual(decoder.push(second.subarray(50)), [{ n: 2, pad: 'y'.repeat(100) }]);
});

/** A message and its text attachment as the Python worker writes them. */
function withAttachment(message: object, field: string, text: string): Buffer {
  const raw = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(4);
  header.writeUInt32BE(raw.length, 0);
  return Buffer.concat([encodeFrame({ ...message, text_attachment: field }), header, raw]);
}

test('a text attachment fills the named field with the next frame as raw UTF-8', () => {
  const text = 'line "one"\nline \\two\\ é ✓ \u0000';
  const bytes = Buffer.concat([
    withAttachment({ type: 'done', id: 'p1', is_stream: false }, 'output', text),
    withAttachment({ type: 'output', id: 'p2' }, 'value', ''),
    encodeFrame({ type: 'ready' }),
  ]);
  const expected = [
    { type: 'done', id: 'p1', is_stream: false, output: text },
    { type: 'output', id: 'p2', value: '' },
    { type: 'ready' },
  ];
  for (const step of [1, 5, 13, bytes.length])
    assert.deepEqual(decodeInChunks(bytes, step), expected, `chunks of ${step}`);
});

test('an attachment may only fill output or value', () => {
  for (const field of ['__proto__', 'type', 'id', 1]) {
    const frame = encodeFrame({ type: 'done', id: 'p', text_attachment: field });
    assert.throws(() => new FrameDecoder().push(frame), /unknown attachment field/);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChannelWriter, LogBatcher, RateGate } from './process-streams.ts';

test('log lines are batched and all sent by close()', async () => {
  const sent: string[] = [];
  const logs = new LogBatcher({
    send: async (t) => void sent.push(t),
    onError: () => {},
    intervalMs: 50,
    maxBytes: 10,
  });
  logs.write('a\n');
  logs.write('b\n');
  assert.deepEqual(sent, []);
  logs.write('0123456789\n'); // over maxBytes: flushed at once
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(sent, ['a\nb\n0123456789\n']);
  logs.write('c\n');
  await logs.close();
  assert.deepEqual(sent, ['a\nb\n0123456789\n', 'c\n']);
});

test('channel entries keep their order and sequence; the end marker is last and only once', async () => {
  const got: string[] = [];
  const w = new ChannelWriter({
    append: async (e) => {
      await new Promise((r) => setTimeout(r, Math.random() * 3));
      got.push(`${e.sequence}:${e.type}:${e.payload}`);
    },
    onError: () => {},
  });
  w.item('x');
  w.item({ n: 1 });
  await w.end(null);
  await w.end('again');
  w.item('late');
  assert.deepEqual(got, ['1:data:"x"', '2:data:{"n":1}', '3:end:']);
});

test('a failed append is reported once and does not stop the stream', async () => {
  const errors: unknown[] = [];
  const got: number[] = [];
  const w = new ChannelWriter({
    append: async (e) => {
      if (e.sequence === 1) throw new Error('rate');
      got.push(e.sequence);
    },
    onError: (e) => errors.push(e),
  });
  w.item(1);
  w.item(2);
  await w.end('boom');
  assert.deepEqual(got, [2, 3]);
  assert.equal(errors.length, 1);
});

test('the rate gate allows a burst, then paces', () => {
  let now = 0;
  const gate = new RateGate(10, 2, () => now);
  assert.equal(gate.delayMs(), 0);
  assert.equal(gate.delayMs(), 0);
  assert.equal(gate.delayMs(), 100);
  now = 1000;
  assert.equal(gate.delayMs(), 0);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { SilentExit } from './silent-exit.ts';
import { readAll, readLine, readSecret } from './terminal-input.ts';

test('readLine: lines across chunk borders, CRLF, the rest left for the next read', async () => {
  const stream = Readable.from([
    Buffer.from('us'),
    Buffer.from('er\r\npass'),
    Buffer.from('word\nrest'),
  ]);
  assert.equal(await readLine(stream), 'user');
  assert.equal(await readLine(stream), 'password');
  assert.equal(await readAll(stream), 'rest');
  assert.equal(await readLine(Readable.from([])), undefined);
  assert.equal(await readLine(Readable.from(['last line, no break'])), 'last line, no break');
});

test('readSecret from a pipe: the next line, then the newline', async () => {
  let newlines = 0;
  assert.equal(await readSecret(Readable.from(['s3cret\nmore']), () => newlines++), 's3cret');
  assert.equal(newlines, 1);
});

test('readSecret on a terminal: raw mode, Backspace edits, Enter ends, Ctrl-D/Ctrl-C abort', async () => {
  const terminal = (): PassThrough & { isTTY: boolean; modes: boolean[] } => {
    const stream = new PassThrough() as PassThrough & {
      isTTY: boolean;
      modes: boolean[];
      setRawMode: (mode: boolean) => void;
    };
    stream.isTTY = true;
    stream.modes = [];
    stream.setRawMode = (mode) => void stream.modes.push(mode);
    return stream;
  };
  const tty = terminal();
  const secret = readSecret(tty, () => undefined);
  tty.write('pa');
  tty.write('sx\u007fs\r');
  assert.equal(await secret, 'pass');
  assert.deepEqual(tty.modes, [true, false]);
  const ended = terminal();
  const none = readSecret(ended, () => undefined);
  ended.write('ab\u0004');
  assert.equal(await none, undefined);
  const interrupted = terminal();
  const stopped = readSecret(interrupted, () => undefined);
  interrupted.write('ab\u0003');
  await assert.rejects(stopped, (error: unknown) => {
    assert.ok(error instanceof SilentExit);
    assert.equal(error.exitCode, 130);
    return true;
  });
  assert.deepEqual(interrupted.modes, [true, false]);
});

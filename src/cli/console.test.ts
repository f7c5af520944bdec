import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureStream } from './cli-test-harness.ts';
import { Console, shouldUseColor, stripAnsi, visibleWidth, wrapLine } from './console.ts';

function makeConsole(color: boolean, level: 'debug' | 'info' = 'info') {
  const stdout = new CaptureStream();
  const stderr = new CaptureStream();
  return { console: new Console({ stdout, stderr, color, level }), stdout, stderr };
}

test('colour off: no prefixes, messages split per line, all on stderr', () => {
  const { console, stdout, stderr } = makeConsole(false);
  console.info('Building...\n');
  console.warn('careful');
  console.error('broken\nsecond line');
  console.success('done');
  assert.equal(stderr.text, 'Building...\n\ncareful\nbroken\nsecond line\ndone\n');
  assert.equal(stdout.text, '');
});

test('colour on: each level gets its 4-column prefix; empty info lines stay bare', () => {
  const { console, stderr } = makeConsole(true);
  console.info('a\n');
  console.warn('w');
  console.error('e');
  console.success('s');
  const plain = stripAnsi(stderr.text);
  assert.equal(plain, ' ⚙  a\n\n ⚠  w\n ✗  e\n ✔  s\n');
});

test('debug lines appear only at debug level', () => {
  const quiet = makeConsole(false);
  quiet.console.debug('hidden');
  assert.equal(quiet.stderr.text, '');
  const loud = makeConsole(false, 'debug');
  loud.console.debug('shown');
  assert.equal(loud.stderr.text, 'shown\n');
});

test('output goes to stdout, unstyled even with colour', () => {
  const { console, stdout, stderr } = makeConsole(true);
  console.output('FROM python:3.13-slim');
  assert.equal(stdout.text, 'FROM python:3.13-slim\n');
  assert.equal(stderr.text, '');
});

test('bold only with colour', () => {
  assert.equal(makeConsole(false).console.bold('img'), 'img');
  assert.notEqual(makeConsole(true).console.bold('img'), 'img');
});

test('shouldUseColor honours NO_COLOR, COG_NO_COLOR, TERM=dumb and a non-TTY stderr', () => {
  const tty = { write: () => true, isTTY: true };
  assert.equal(shouldUseColor({}, tty), true);
  assert.equal(shouldUseColor({ NO_COLOR: '1' }, tty), false);
  assert.equal(shouldUseColor({ COG_NO_COLOR: 'x' }, tty), false);
  assert.equal(shouldUseColor({ TERM: 'dumb' }, tty), false);
  assert.equal(shouldUseColor({}, { write: () => true, isTTY: false }), false);
  assert.equal(shouldUseColor({ NO_COLOR: '' }, tty), true);
});

test('wrapLine wraps at spaces, hard-breaks long words, ignores ANSI codes in widths', () => {
  assert.deepEqual(wrapLine('aaa bbb ccc', 7), ['aaa bbb', 'ccc']);
  assert.deepEqual(wrapLine('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
  assert.deepEqual(wrapLine('short', 40), ['short']);
  assert.equal(visibleWidth('\u001b[1mbold\u001b[22m'), 4);
});

test('a terminal stderr wraps prefixed lines to width minus the prefix', () => {
  const stderr = Object.assign(new CaptureStream(), { isTTY: true, columns: 24 });
  const console = new Console({ stdout: new CaptureStream(), stderr, color: true });
  console.info('one two three four five six seven');
  const lines = stripAnsi(stderr.text).trimEnd().split('\n');
  assert.ok(lines.length > 1);
  for (const line of lines) assert.ok(line.length <= 24, line);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CogError } from '../cog-error.ts';
import { CaptureStream } from './cli-test-harness.ts';
import { Console } from './console.ts';
import { renderError } from './render-error.ts';
import { SilentExit } from './silent-exit.ts';

function render(error: unknown, debug = false) {
  const stderr = new CaptureStream();
  const console = new Console({
    stdout: new CaptureStream(),
    stderr,
    color: false,
    level: debug ? 'debug' : 'info',
  });
  const code = renderError(error, { console, debug });
  return { code, text: stderr.text };
}

test('CogError with a position: file:line:col: message, then the hint', () => {
  const error = new CogError('CONFIG_SCHEMA', 'build.gpu must be a boolean', {
    hint: 'Write gpu: true or gpu: false.',
    position: { file: 'cog.yaml', line: 3, column: 8 },
  });
  const { code, text } = render(error);
  assert.equal(code, 1);
  assert.equal(text, 'cog.yaml:3:8: build.gpu must be a boolean\nWrite gpu: true or gpu: false.\n');
});

test('CogError without position or hint is one line', () => {
  assert.equal(
    render(new CogError('PREDICTION_FAILED', 'something broke')).text,
    'something broke\n',
  );
});

test('exit code comes from the error', () => {
  assert.equal(
    render(new CogError('CONTAINER_EXIT', 'container exited with status 3', { exitCode: 3 })).code,
    3,
  );
});

test('no stack without --debug; stack, code and cause with it', () => {
  const cause = new Error('root cause');
  const error = new CogError('BUILD_FAILED', 'outer', { cause });
  assert.doesNotMatch(render(error).text, /at /);
  const debugText = render(error, true).text;
  assert.match(debugText, /^outer\n/);
  assert.match(debugText, /error code: BUILD_FAILED/);
  assert.match(debugText, /\n\s+at /);
  assert.match(debugText, /caused by: Error: root cause/);
});

test('unknown errors: one line with their message, exit 1', () => {
  const { code, text } = render(new TypeError('x is not a function'));
  assert.equal(code, 1);
  assert.equal(text, 'x is not a function\n');
  assert.equal(render('a thrown string').text, 'a thrown string\n');
});

test('multi-line messages keep their lines', () => {
  assert.equal(
    render(new CogError('INVALID_INPUT', 'input validation failed:\n- a\n- b')).text,
    'input validation failed:\n- a\n- b\n',
  );
});

test('SilentExit: nothing printed, even with --debug; its exit code is the result', () => {
  assert.deepEqual(render(new SilentExit(1)), { code: 1, text: '' });
  assert.deepEqual(render(new SilentExit(3), true), { code: 3, text: '' });
});

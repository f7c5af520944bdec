import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attachLifeline, lifelineExecOptions, lifelineScript } from './container-lifeline.ts';

// The script's effect (the container stops when the CLI is SIGKILLed) is asserted against the
// real engine in integration-tests/cli-death.test.ts; it must never run on the host (it
// signals PID 1 and every process it may).
test('the lifeline waits for EOF on stdin, then TERM to PID 1 and KILL to the rest', () => {
  assert.equal(
    lifelineScript(3),
    'while read -r _; do :; done; kill -TERM 1 2>/dev/null; sleep 3; kill -KILL -1 2>/dev/null',
  );
  const options = lifelineExecOptions();
  assert.deepEqual(options.Cmd, ['/bin/sh', '-c', lifelineScript(), 'cog-lifeline']);
  assert.equal(options.AttachStdin, true);
  assert.equal(options.Tty, false);
  assert.equal(options.AttachStdout, false, 'nothing of the lifeline reaches the user');
});

test('the script is valid POSIX sh', async () => {
  const { execa } = await import('execa');
  const result = await execa('sh', ['-n', '-c', lifelineScript()], { reject: false });
  assert.equal(result.exitCode, 0, result.stderr);
});

/** A container whose exec start answers only when `answer` is called (or never). */
function fakeContainer() {
  const seen: { signal?: AbortSignal } = {};
  let answer: (socket: unknown) => void = () => {};
  const container = {
    exec: async () => ({
      start: (options: { abortSignal: AbortSignal }) =>
        new Promise((resolve, reject) => {
          seen.signal = options.abortSignal;
          answer = resolve;
          options.abortSignal.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    }),
  } as unknown as import('dockerode').Container;
  return { container, seen, answer: (socket: unknown) => answer(socket) };
}

test('an exec start the engine never answers is given up when the container exits', async () => {
  const { container, seen } = fakeContainer();
  let exit: () => void = () => {};
  const exited = new Promise<void>((resolve) => (exit = resolve));
  const attaching = attachLifeline(container, exited);
  await new Promise((resolve) => setImmediate(resolve));
  exit();
  assert.equal(await attaching, undefined, 'no lifeline, no hang');
  assert.equal(seen.signal?.aborted, true, 'the pending request was aborted');
});

test('once attached, a later exit does not abort the held connection', async () => {
  const { container, seen, answer } = fakeContainer();
  let destroyed = false;
  let exit: () => void = () => {};
  const exited = new Promise<void>((resolve) => (exit = resolve));
  const attaching = attachLifeline(container, exited);
  await new Promise((resolve) => setImmediate(resolve));
  answer({ on: () => {}, unref: () => {}, destroy: () => (destroyed = true) });
  const letGo = await attaching;
  exit();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(seen.signal?.aborted, false);
  assert.equal(destroyed, false);
  letGo?.();
  assert.equal(destroyed, true);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lifelineExecOptions, lifelineScript } from './container-lifeline.ts';

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

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ParentMessage } from '../worker/worker-messages.ts';
import { pythonLauncher, type SchemaMessage } from './worker-launcher.ts';

const schema = (isAsync: boolean): SchemaMessage => ({
  type: 'schema',
  schema: {},
  is_async: isAsync,
  is_stream: false,
  max_concurrency: null,
});

function control() {
  const sent: ParentMessage[] = [];
  const signals: string[] = [];
  return {
    sent,
    signals,
    send: (m: ParentMessage) => sent.push(m),
    signal: (s: string) => signals.push(s),
  };
}

test('python: the worker command, unbuffered', () => {
  const command = pythonLauncher('/usr/bin/python3').command({ HOME: '/root' });
  assert.deepEqual(command, {
    command: '/usr/bin/python3',
    args: ['-m', 'cog._worker'],
    env: { HOME: '/root', PYTHONUNBUFFERED: '1' },
  });
});

test('python: a sync prediction is canceled with the frame and SIGUSR1, an async one by the frame', () => {
  const launcher = pythonLauncher('python3');
  const sync = control();
  launcher.cancel(sync, 'a', schema(false));
  assert.deepEqual([sync.sent, sync.signals], [[{ type: 'cancel', id: 'a' }], ['SIGUSR1']]);
  const async = control();
  launcher.cancel(async, 'b', schema(true));
  assert.deepEqual([async.sent, async.signals], [[{ type: 'cancel', id: 'b' }], []]);
});

test('python: more than one slot needs an async predictor', () => {
  const launcher = pythonLauncher('python3');
  assert.match(launcher.admissionProblem(schema(false), 2) ?? '', /requires an async run/);
  assert.equal(launcher.admissionProblem(schema(false), 1), null);
  assert.equal(launcher.admissionProblem(schema(true), 4), null);
});

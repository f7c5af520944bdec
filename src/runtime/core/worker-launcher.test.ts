import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ParentMessage } from '../worker/worker-messages.ts';
import { launcherFor } from './launcher-for.ts';
import { nodeLauncher, pythonLauncher, type SchemaMessage } from './worker-launcher.ts';

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

test('node: the worker script under node, a cancel is the frame alone, any number of slots', () => {
  const launcher = nodeLauncher({
    node: '/usr/local/bin/node',
    workerScript: '/w/coglet-worker.mjs',
  });
  const command = launcher.command({ HOME: '/root' });
  assert.equal(command.command, '/usr/local/bin/node');
  assert.equal(command.args.at(-1), '/w/coglet-worker.mjs');
  assert.deepEqual(command.env, { HOME: '/root' });
  const worker = control();
  launcher.cancel(worker, 'a', schema(false));
  assert.deepEqual([worker.sent, worker.signals], [[{ type: 'cancel', id: 'a' }], []]);
  assert.equal(launcher.admissionProblem(schema(false), 8), null);
});

test('launcherFor: the reference extension picks the worker', () => {
  const env = { COG_NODE_WORKER: '/w/main.ts' };
  assert.equal(
    launcherFor({ python: 'python3', predictorRef: 'run.py:Runner' }, env).language,
    'python',
  );
  for (const ref of ['run.ts:Runner', 'run.mts:run', 'run.js:run', 'run.mjs:Runner']) {
    const launcher = launcherFor({ python: 'python3', predictorRef: ref }, env);
    assert.equal(launcher.language, 'node');
    assert.equal(launcher.command({}).args.at(-1), '/w/main.ts');
  }
});

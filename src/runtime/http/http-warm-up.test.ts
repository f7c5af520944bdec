import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultServiceOptions } from '../core/runtime-core.ts';
import { parseRuntimeConfig } from '../runtime-config.ts';
import { warmUpHttpPath } from './http-warm-up.ts';

function options(rounds: number, timeoutMs: number) {
  const config = parseRuntimeConfig([], { COG_PREDICT_TYPE_STUB: 'run.py:Runner' }, null);
  const calls: string[] = [];
  const service = {
    ...defaultServiceOptions(config, '0.0.0-test', {}),
    // What would make the warm-up visible: none of these may be called.
    mirror: () => void calls.push('mirror'),
    log: () => void calls.push('log'),
    debug: () => void calls.push('debug'),
    onReady: () => void calls.push('onReady'),
    observer: new Proxy({} as never, { get: () => () => void calls.push('observer') }),
  };
  return { calls, options: { service, version: '0.0.0-test', rounds, timeoutMs } };
}

test('predictions through a private server: all answered, nothing visible', async () => {
  const { calls, options: warm } = options(5, 10_000);
  assert.equal(await warmUpHttpPath(warm), 5);
  assert.deepEqual(calls, []);
});

test('a warm-up that runs out of time ends without an error', async () => {
  const { options: warm } = options(1_000_000, 30);
  const answered = await warmUpHttpPath(warm);
  assert.ok(answered < 1_000_000);
});

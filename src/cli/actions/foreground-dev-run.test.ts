import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerLogEnv } from './foreground-dev-run.ts';

test('containerLogEnv: user env first, console logs, RUST_LOG only when the host sets it', () => {
  assert.deepEqual(containerLogEnv(['A=1', 'B=2'], {}), ['A=1', 'B=2', 'LOG_FORMAT=console']);
  assert.deepEqual(containerLogEnv([], { RUST_LOG: 'debug' }), [
    'LOG_FORMAT=console',
    'RUST_LOG=debug',
  ]);
  assert.deepEqual(containerLogEnv([], { RUST_LOG: '' }), ['LOG_FORMAT=console']);
});

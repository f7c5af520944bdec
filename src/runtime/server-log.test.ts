import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createServerLog, logLevelFromEnv } from './server-log.ts';

test('COG_LOG_LEVEL picks the threshold; unknown values mean info', () => {
  assert.deepEqual(
    ['debug', 'WARNING', 'warn', 'error', 'loud', undefined].map((v) =>
      logLevelFromEnv(v === undefined ? {} : { COG_LOG_LEVEL: v }),
    ),
    ['debug', 'warning', 'warning', 'error', 'info', 'info'],
  );
});

test('messages below the threshold are dropped', () => {
  const lines: string[] = [];
  const log = createServerLog('warning', (line) => lines.push(line));
  log.info('listening');
  log.warn('careful');
  log.error('broken');
  assert.deepEqual(lines, ['coglet: careful\n', 'coglet: broken\n']);
});

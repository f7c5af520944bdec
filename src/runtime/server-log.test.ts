import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createServerLog, logFormatFromEnv, logLevelFromEnv } from './server-log.ts';

test('COG_LOG_LEVEL picks the threshold; unknown values mean info', () => {
  assert.deepEqual(
    ['debug', 'WARNING', 'warn', 'error', 'trace', 'loud', undefined].map((v) =>
      logLevelFromEnv(v === undefined ? {} : { COG_LOG_LEVEL: v }),
    ),
    ['debug', 'warning', 'warning', 'error', 'debug', 'info', 'info'],
  );
});

test('RUST_LOG is the fallback: a coglet= directive wins over the bare default', () => {
  const cases: [Record<string, string>, string][] = [
    [{ RUST_LOG: 'warn' }, 'warning'],
    [{ RUST_LOG: 'hyper=debug,error' }, 'error'],
    [{ RUST_LOG: 'info,coglet=debug' }, 'debug'],
    [{ RUST_LOG: 'hyper=trace' }, 'info'],
    [{ RUST_LOG: 'error', COG_LOG_LEVEL: 'debug' }, 'debug'],
  ];
  for (const [env, level] of cases) assert.equal(logLevelFromEnv(env), level, JSON.stringify(env));
});

test('LOG_FORMAT=console is human-readable; the default is JSON lines', () => {
  assert.deepEqual(
    [{ LOG_FORMAT: 'console' }, { LOG_FORMAT: 'CONSOLE' }, { LOG_FORMAT: 'json' }, {}].map(
      logFormatFromEnv,
    ),
    ['console', 'console', 'json', 'json'],
  );
});

test('messages below the threshold are dropped; console lines', () => {
  const lines: string[] = [];
  const log = createServerLog({ level: 'warning', format: 'console', write: (l) => lines.push(l) });
  log.debug('details');
  log.info('listening');
  log.warn('careful');
  log.error('broken');
  assert.deepEqual(lines, ['coglet: careful\n', 'coglet: broken\n']);
});

test('JSON lines carry timestamp, level, target and the message', () => {
  const lines: string[] = [];
  const log = createServerLog({
    level: 'debug',
    format: 'json',
    write: (l) => lines.push(l),
    now: () => new Date('2026-01-02T03:04:05.678Z'),
  });
  log.debug('a "quoted"\nmessage');
  log.warn('careful');
  assert.ok(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n')));
  assert.deepEqual(
    lines.map((line) => JSON.parse(line) as unknown),
    [
      {
        timestamp: '2026-01-02T03:04:05.678Z',
        level: 'DEBUG',
        target: 'coglet',
        fields: { message: 'a "quoted"\nmessage' },
      },
      {
        timestamp: '2026-01-02T03:04:05.678Z',
        level: 'WARN',
        target: 'coglet',
        fields: { message: 'careful' },
      },
    ],
  );
});

test('fields follow the message: key=value on the console, beside message in JSON', () => {
  const lines: string[] = [];
  const write = (l: string) => lines.push(l);
  const fields = { pid: 4711, command: 'python3 -m cog._worker', ok: true, signal: null };
  createServerLog({ level: 'debug', format: 'console', write }).debug('Spawned', fields);
  createServerLog({ level: 'debug', format: 'json', write }).debug('Spawned', fields);
  assert.equal(
    lines[0],
    'coglet: Spawned pid=4711 command="python3 -m cog._worker" ok=true signal=null\n',
  );
  assert.deepEqual((JSON.parse(lines[1] ?? '') as { fields: unknown }).fields, {
    message: 'Spawned',
    ...fields,
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseRuntimeConfig } from './runtime-config.ts';

const env = { COG_PREDICT_TYPE_STUB: 'run.py:Runner' };

describe('parseRuntimeConfig', () => {
  test('defaults', () => {
    const c = parseRuntimeConfig([], env, null);
    assert.deepEqual(
      [
        c.host,
        c.port,
        c.mode,
        c.predictorRef,
        c.uploadUrl,
        c.awaitExplicitShutdown,
        c.maxConcurrency,
        c.throttleMs,
        c.historyCapacity,
      ],
      ['0.0.0.0', 5000, 'predict', 'run.py:Runner', null, false, null, 500, 1024],
    );
  });

  test('the flags of python -m cog.server.http', () => {
    const c = parseRuntimeConfig(
      [
        '--host',
        '127.0.0.1',
        '--upload-url=http://u/',
        '--await-explicit-shutdown',
        'true',
        '--x-mode',
        'train',
        '--threads',
        '4',
        '-v',
      ],
      { ...env, COG_TRAIN_TYPE_STUB: 'train.py:train', PORT: '8080' },
      null,
    );
    assert.deepEqual(
      [c.host, c.port, c.uploadUrl, c.awaitExplicitShutdown, c.mode, c.predictorRef, c.warnings],
      ['127.0.0.1', 8080, 'http://u/', true, 'train', 'train.py:train', []],
    );
  });

  test('PORT=0 asks for a free port; junk falls back to 5000', () => {
    assert.equal(parseRuntimeConfig([], { ...env, PORT: '0' }, null).port, 0);
    assert.equal(parseRuntimeConfig([], { ...env, PORT: 'http' }, null).port, 5000);
    assert.equal(parseRuntimeConfig(['--port', '70000'], env, null).port, 5000);
  });

  test('--await-explicit-shutdown false means false; a bare flag means true', () => {
    assert.equal(
      parseRuntimeConfig(['--await-explicit-shutdown', 'false'], env, null).awaitExplicitShutdown,
      false,
    );
    assert.equal(
      parseRuntimeConfig(['--await-explicit-shutdown', '--dump-schema'], env, null)
        .awaitExplicitShutdown,
      true,
    );
  });

  test('cog.yaml is the fallback for refs and concurrency; env wins', () => {
    const yaml = 'run: "predict.py:Runner"\ntrain: "t.py:T"\nconcurrency:\n  max: 4\n';
    const c = parseRuntimeConfig([], {}, yaml);
    assert.deepEqual([c.predictorRef, c.maxConcurrency], ['predict.py:Runner', 4]);
    assert.equal(parseRuntimeConfig([], { COG_MAX_CONCURRENCY: '2' }, yaml).maxConcurrency, 2);
    assert.equal(parseRuntimeConfig([], { COG_MAX_CONCURRENCY: '0' }, yaml).maxConcurrency, 4);
    assert.equal(parseRuntimeConfig(['--x-mode', 'train'], {}, yaml).predictorRef, 't.py:T');
    assert.equal(
      parseRuntimeConfig([], {}, 'predict: "p.py:Predictor"\n').predictorRef,
      'p.py:Predictor',
    );
  });

  test('a missing ref is the original error', () => {
    assert.throws(
      () => parseRuntimeConfig([], {}, null),
      /^Error: ERROR: COG_PREDICT_TYPE_STUB environment variable is not set\.$/,
    );
  });

  test('timeouts and throttle from the environment', () => {
    const c = parseRuntimeConfig(
      [],
      {
        ...env,
        COG_SETUP_TIMEOUT: '30',
        COG_THROTTLE_RESPONSE_INTERVAL: '0.1',
        COG_STREAM_HISTORY_CAPACITY: '0',
      },
      null,
    );
    assert.deepEqual([c.setupTimeoutSeconds, c.throttleMs, c.historyCapacity], [30, 100, 0]);
    assert.equal(c.bodyBudgetBytes, null);
    const queue = (size: string, timeout: string) => {
      const q = parseRuntimeConfig(
        [],
        { ...env, COG_QUEUE_SIZE: size, COG_QUEUE_TIMEOUT: timeout },
        null,
      );
      return [q.queueSize, q.queueTimeoutSeconds];
    };
    assert.deepEqual(
      [queue('8', '2.5'), queue('0', '0'), queue('x', '-1'), queue('', '')],
      [
        [8, 2.5],
        [0, null],
        [0, null],
        [0, null],
      ],
    );
    const budget = (value: string) =>
      parseRuntimeConfig([], { ...env, COG_MAX_BODY_BYTES_IN_FLIGHT: value }, null).bodyBudgetBytes;
    assert.deepEqual(
      [budget('1048576'), budget('0'), budget('1e9'), budget('')],
      [1048576, null, null, null],
    );
    assert.equal(
      parseRuntimeConfig([], { ...env, COG_SETUP_TIMEOUT: '0' }, null).setupTimeoutSeconds,
      null,
    );
  });

  test('the --dump-schema timeout: 120 s unless COG_DUMP_SCHEMA_TIMEOUT is a positive number', () => {
    const timeout = (value?: string) =>
      parseRuntimeConfig([], { ...env, COG_DUMP_SCHEMA_TIMEOUT: value }, null)
        .dumpSchemaTimeoutSeconds;
    assert.deepEqual(
      [timeout(), timeout('2.5'), timeout('0'), timeout('soon')],
      [120, 2.5, 120, 120],
    );
  });

  test('unknown flags are warnings, bad modes are errors', () => {
    assert.deepEqual(parseRuntimeConfig(['--bogus'], env, null).warnings, [
      'ignoring unknown argument --bogus',
    ]);
    assert.throws(
      () => parseRuntimeConfig(['--x-mode', 'serve'], env, null),
      /--x-mode must be predict or train/,
    );
  });
});

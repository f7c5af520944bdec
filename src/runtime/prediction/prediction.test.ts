import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Metrics } from '../../contracts/prediction-envelope.ts';
import { mergeMetric } from './metrics.ts';
import { Prediction, withoutNulls, type PredictionEvent } from './prediction.ts';
import { isoTimestamp } from './timestamp.ts';

function newPrediction(historyCapacity = 1024): Prediction {
  return new Prediction({
    id: 'p1',
    kind: 'prediction',
    input: { a: 1 },
    webhook: null,
    webhookEvents: new Set(),
    context: {},
    createdAt: '2025-01-01T00:00:00.000000+00:00',
    traceHeaders: {},
    historyCapacity,
  });
}

describe('Prediction', () => {
  test('the envelope before start has every key, nulls included, in the original order', () => {
    assert.deepEqual(Object.entries(newPrediction().envelope()), [
      ['id', 'p1'],
      ['input', { a: 1 }],
      ['output', null],
      ['logs', ''],
      ['error', null],
      ['status', 'starting'],
      ['created_at', '2025-01-01T00:00:00.000000+00:00'],
      ['started_at', null],
      ['completed_at', null],
      ['metrics', {}],
    ]);
  });

  test('chunks grow the output while running; the terminal output is the list; events are emitted in order', () => {
    const p = newPrediction();
    const events: PredictionEvent[] = [];
    p.subscribe((e) => events.push(e));
    p.start();
    p.appendLog('stdout', 'hi\n');
    p.appendChunk('a');
    assert.deepEqual(p.envelope().output, ['a']);
    p.recordMetric('tokens', 2, 'incr');
    p.appendChunk('b');
    p.finish('succeeded');
    const env = p.envelope();
    assert.deepEqual(
      [env.status, env.output, env.logs, env.metrics.tokens],
      ['succeeded', ['a', 'b'], 'hi\n', 2],
    );
    assert.equal(typeof env.metrics.predict_time, 'number');
    assert.deepEqual(
      events.map((e) => e.type),
      ['start', 'log', 'output', 'metric', 'output', 'completed'],
    );
    assert.deepEqual(events[3], { type: 'metric', name: 'tokens', value: 2, mode: 'increment' });
  });

  test('finish is final: a second finish and late logs change nothing', () => {
    const p = newPrediction();
    p.start();
    p.finish('canceled');
    p.finish('succeeded', { output: 'x' });
    p.appendLog('stdout', 'late');
    assert.deepEqual([p.status, p.output, p.logs, p.error], ['canceled', null, '', null]);
  });

  test('withoutNulls drops null keys (the webhook shape)', () => {
    assert.deepEqual(Object.keys(withoutNulls(newPrediction().envelope())), [
      'id',
      'input',
      'logs',
      'status',
      'created_at',
      'metrics',
    ]);
  });

  test('history keeps the most recent events and counts the dropped ones', () => {
    const p = newPrediction(2);
    p.start();
    p.appendChunk(1);
    p.appendChunk(2);
    assert.equal(p.history.length, 2);
    assert.equal(p.droppedEvents, 1);
  });

  test('timestamps have microseconds and a numeric offset', () => {
    assert.equal(
      isoTimestamp(Date.UTC(2025, 0, 1, 0, 0, 4, 532) + 0.1),
      '2025-01-01T00:00:04.532100+00:00',
    );
  });
});

describe('mergeMetric', () => {
  const rows: [string, [string, unknown, 'replace' | 'incr' | 'append'][], Metrics][] = [
    [
      'replace overwrites',
      [
        ['a', 1, 'replace'],
        ['a', 2, 'replace'],
      ],
      { a: 2 },
    ],
    [
      'replace with null deletes',
      [
        ['a', 1, 'replace'],
        ['a', null, 'replace'],
      ],
      {},
    ],
    [
      'incr starts at 0',
      [
        ['n', 2, 'incr'],
        ['n', 3, 'incr'],
      ],
      { n: 5 },
    ],
    [
      'append wraps a scalar',
      [
        ['l', 1, 'replace'],
        ['l', 2, 'append'],
      ],
      { l: [1, 2] },
    ],
    ['append creates a list', [['l', 'x', 'append']], { l: ['x'] }],
    [
      'dotted names nest',
      [
        ['timing.pre', 0.5, 'replace'],
        ['timing.post', 1, 'replace'],
      ],
      { timing: { pre: 0.5, post: 1 } },
    ],
    ['predict_time is the runtime’s', [['predict_time', 9, 'replace']], {}],
  ];
  for (const [name, ops, expected] of rows) {
    test(name, () => {
      const metrics: Metrics = {};
      for (const [key, value, mode] of ops) mergeMetric(metrics, key, value, mode);
      assert.deepEqual(metrics, expected);
    });
  }
});

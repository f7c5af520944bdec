import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closingFor, invalidInputError, kindOf, unsupportedFunction } from './process-mapping.ts';
import type { PredictionEnvelope as Envelope } from '../../contracts/prediction-envelope.ts';

const envelope = (fields: Partial<Envelope>): Envelope => ({
  id: 'p',
  input: { text: 'secret input' },
  output: null,
  logs: 'log text',
  error: null,
  status: 'succeeded',
  created_at: '2026-01-01T00:00:00.000000+00:00',
  started_at: '2026-01-01T00:00:00.000000+00:00',
  completed_at: '2026-01-01T00:00:01.000000+00:00',
  metrics: { predict_time: 1 },
  ...fields,
});

test('funcname selects the prediction kind', () => {
  assert.equal(kindOf('predict', false), 'prediction');
  assert.equal(kindOf('train', true), 'training');
  assert.equal(kindOf('train', false), null);
  assert.equal(kindOf('exec', true), null);
  assert.equal(unsupportedFunction('exec'), 'unsupported function "exec"');
});

test('closing: the envelope without input and logs; failures carry the error; cancels nothing', () => {
  const ok = closingFor(envelope({ output: 'hi' }));
  assert.deepEqual(ok, {
    kind: 'successful',
    out: [
      {
        id: 'p',
        output: 'hi',
        error: null,
        status: 'succeeded',
        created_at: '2026-01-01T00:00:00.000000+00:00',
        started_at: '2026-01-01T00:00:00.000000+00:00',
        completed_at: '2026-01-01T00:00:01.000000+00:00',
        metrics: { predict_time: 1 },
      },
    ],
  });
  assert.deepEqual(closingFor(envelope({ status: 'failed', error: 'ValueError: x' })), {
    kind: 'failed',
    errors: ['ValueError: x'],
  });
  assert.deepEqual(closingFor(envelope({ status: 'canceled' })), { kind: 'none' });
});

test('bad input: the 422 body, byte for byte', () => {
  const detail = [
    {
      loc: ['body', 'input', 'n'],
      msg: 'Input should be greater than or equal to 1',
      type: 'greater_than_equal',
    },
  ];
  assert.equal(invalidInputError(detail), JSON.stringify({ detail }));
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePredictionRequest } from './prediction-request.ts';
import { InvalidRequestError } from './service-errors.ts';

describe('parsePredictionRequest', () => {
  const base = { noun: 'prediction' as const, traceHeaders: {} };

  test('a missing input is {}; the path id wins', () => {
    assert.deepEqual(parsePredictionRequest({}, { ...base, pathId: 'p' }), {
      id: 'p',
      input: {},
      webhook: null,
      webhookEvents: null,
      context: null,
      createdAt: null,
      traceHeaders: {},
    });
  });

  test('an id that differs from the path is an InvalidRequestError naming the noun', () => {
    assert.throws(
      () =>
        parsePredictionRequest({ id: 'b' }, { noun: 'training', traceHeaders: {}, pathId: 'a' }),
      (e: unknown) =>
        e instanceof InvalidRequestError &&
        JSON.stringify(e.detail) ===
          JSON.stringify([
            {
              loc: ['body', 'id'],
              msg: 'training ID must match the ID supplied in the URL',
              type: 'value_error',
            },
          ]),
    );
  });

  test('wrong field types are collected into one InvalidRequestError', () => {
    assert.throws(
      () =>
        parsePredictionRequest(
          { webhook: 1, context: { a: 1 }, webhook_events_filter: 'start' },
          base,
        ),
      (e: unknown) => e instanceof InvalidRequestError && e.detail.length === 3,
    );
  });

  test('a body that is not an object is an InvalidRequestError', () => {
    assert.throws(
      () => parsePredictionRequest([1], base),
      (e: unknown) => e instanceof InvalidRequestError,
    );
  });
});

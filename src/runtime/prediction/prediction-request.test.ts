import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkPathId, parsePredictionRequest } from './prediction-request.ts';
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

  test('a body id outside the id grammar is rejected naming the rule', () => {
    for (const id of ['a\nb', 'x'.repeat(129), '', 'a\0b', '../x']) {
      assert.throws(
        () => parsePredictionRequest({ id }, base),
        (e: unknown) =>
          e instanceof InvalidRequestError &&
          JSON.stringify(e.detail) ===
            JSON.stringify([
              {
                loc: ['body', 'id'],
                msg: 'prediction ID must be 1 to 128 characters of A-Z a-z 0-9 . _ ~ -, starting with a letter or digit',
                type: 'value_error',
              },
            ]),
        JSON.stringify(id),
      );
    }
  });

  test('a path id outside the id grammar is rejected on the path parameter', () => {
    assert.doesNotThrow(() => checkPathId('wjx3whax6rf4vphkegkhcvpv6a', 'prediction'));
    assert.throws(
      () => checkPathId('a b', 'training'),
      (e: unknown) =>
        e instanceof InvalidRequestError &&
        JSON.stringify(e.detail[0]?.loc) === '["path","training_id"]',
    );
  });

  test('a webhook must be an absolute http(s) URL; "" means none', () => {
    assert.equal(parsePredictionRequest({ webhook: '' }, base).webhook, null);
    assert.equal(
      parsePredictionRequest({ webhook: 'https://h.test/hook?a=1' }, base).webhook,
      'https://h.test/hook?a=1',
    );
    for (const webhook of [
      'not a url',
      'ftp://h.test/x',
      'http://[::1',
      '/relative',
      'file:///etc',
    ])
      assert.throws(
        () => parsePredictionRequest({ webhook }, base),
        (e: unknown) =>
          e instanceof InvalidRequestError &&
          JSON.stringify(e.detail) ===
            '[{"loc":["body","webhook"],"msg":"Input should be a valid URL with scheme http or https","type":"url_parsing"}]',
        webhook,
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

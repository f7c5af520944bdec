import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AtCapacityError, InvalidInputError, NotReadyError } from '../prediction/service-errors.ts';
import { errorReply } from './error-response.ts';
import { pathnameOf } from './http-server.ts';
import { checkPathId, parsePredictionRequest } from './prediction-request.ts';
import { HttpError } from './request-body.ts';
import { matchRoute } from './routes.ts';

describe('matchRoute', () => {
  const rows: [string, string, string | number, Record<string, string>?][] = [
    ['GET', '/', '/'],
    ['GET', '/health-check', '/health-check'],
    ['POST', '/predictions', '/predictions'],
    ['PUT', '/predictions/abc', '/predictions/:id', { id: 'abc' }],
    ['POST', '/predictions/a%20b/cancel', '/predictions/:id/cancel', { id: 'a b' }],
    ['PUT', '/trainings/t1', '/trainings/:id', { id: 't1' }],
    ['POST', '/shutdown', '/shutdown'],
    ['GET', '/predictions', 405],
    ['GET', '/predictions/abc', 405],
    ['DELETE', '/shutdown', 405],
    ['GET', '/docs', '/docs'],
    ['GET', '/redoc', 404],
    ['POST', '/predictions//cancel', 404],
    ['GET', '/predictions/abc/stream', 404],
    // Bad percent-encoding in an id matches nothing (it used to throw, leaving the request hanging).
    ['POST', '/predictions/%E0%A4%A/cancel', 404],
    ['PUT', '/predictions/%', 404],
  ];
  for (const [method, path, expected, params] of rows) {
    test(`${method} ${path}`, () => {
      const match = matchRoute(method, path);
      if (typeof expected === 'number') assert.deepEqual(match, { status: expected });
      else {
        assert.ok('route' in match);
        assert.equal(match.route.path, expected);
        assert.deepEqual(match.params, params ?? {});
      }
    });
  }
});

describe('pathnameOf', () => {
  test('origin-form targets are paths as written; `//x` is not a host', () => {
    assert.equal(pathnameOf('/predictions?x=1#f'), '/predictions');
    assert.equal(pathnameOf('//'), '//'); // new URL('//', base) threw: the request hung
    assert.equal(pathnameOf('//predictions'), '//predictions');
    assert.equal(pathnameOf('http://h:5000/health-check?x'), '/health-check');
    assert.throws(
      () => pathnameOf('*'),
      (e: unknown) => e instanceof HttpError && e.status === 400,
    );
  });
});

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

  test('an id that differs from the path is a 422 naming the noun', () => {
    assert.throws(
      () =>
        parsePredictionRequest({ id: 'b' }, { noun: 'training', traceHeaders: {}, pathId: 'a' }),
      (e: unknown) =>
        e instanceof HttpError &&
        e.status === 422 &&
        JSON.stringify(e.body) ===
          JSON.stringify({
            detail: [
              {
                loc: ['body', 'id'],
                msg: 'training ID must match the ID supplied in the URL',
                type: 'value_error',
              },
            ],
          }),
    );
  });

  test('a body id outside the id grammar is a 422 naming the rule', () => {
    for (const id of ['a\nb', 'x'.repeat(129), '', 'a\0b', '../x']) {
      assert.throws(
        () => parsePredictionRequest({ id }, base),
        (e: unknown) =>
          e instanceof HttpError &&
          e.status === 422 &&
          JSON.stringify(e.body) ===
            JSON.stringify({
              detail: [
                {
                  loc: ['body', 'id'],
                  msg: 'prediction ID must be 1 to 128 characters of A-Z a-z 0-9 . _ ~ -, starting with a letter or digit',
                  type: 'value_error',
                },
              ],
            }),
        JSON.stringify(id),
      );
    }
  });

  test('a path id outside the id grammar is a 422 on the path parameter', () => {
    assert.doesNotThrow(() => checkPathId('wjx3whax6rf4vphkegkhcvpv6a', 'prediction'));
    assert.throws(
      () => checkPathId('a b', 'training'),
      (e: unknown) =>
        e instanceof HttpError &&
        e.status === 422 &&
        JSON.stringify((e.body as { detail: { loc: unknown }[] }).detail[0]?.loc) ===
          '["path","training_id"]',
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
          e instanceof HttpError &&
          e.status === 422 &&
          JSON.stringify(e.body) ===
            '{"detail":[{"loc":["body","webhook"],"msg":"Input should be a valid URL with scheme http or https","type":"url_parsing"}]}',
        webhook,
      );
  });

  test('wrong field types are collected into one 422', () => {
    assert.throws(
      () =>
        parsePredictionRequest(
          { webhook: 1, context: { a: 1 }, webhook_events_filter: 'start' },
          base,
        ),
      (e: unknown) =>
        e instanceof HttpError && (e.body as { detail: unknown[] }).detail.length === 3,
    );
  });

  test('a body that is not an object is a 422', () => {
    assert.throws(
      () => parsePredictionRequest([1], base),
      (e: unknown) => e instanceof HttpError && e.status === 422,
    );
  });
});

describe('errorReply', () => {
  test('maps each domain error to one status and body', () => {
    assert.deepEqual(errorReply(new NotReadyError('starting')), {
      status: 503,
      body: {
        error:
          'Setup has not finished yet. Wait until it has finished, or GET /health-check for status.',
        status: 'failed',
      },
    });
    assert.deepEqual(errorReply(new AtCapacityError()), {
      status: 409,
      body: { error: 'At capacity - all prediction slots busy', status: 'failed' },
    });
    assert.deepEqual(errorReply(new InvalidInputError([])), { status: 422, body: { detail: [] } });
    assert.deepEqual(errorReply(new HttpError(415, { detail: 'x' })), {
      status: 415,
      body: { detail: 'x' },
    });
    assert.equal(errorReply(new Error('bug')).status, 500);
  });
});

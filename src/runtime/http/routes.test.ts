import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  AtCapacityError,
  InvalidInputError,
  InvalidRequestError,
  NotReadyError,
} from '../prediction/service-errors.ts';
import { errorReply } from './error-response.ts';
import { pathnameOf } from './http-server.ts';
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
    assert.deepEqual(errorReply(new InvalidRequestError([])), {
      status: 422,
      body: { detail: [] },
    });
    assert.deepEqual(errorReply(new HttpError(415, { detail: 'x' })), {
      status: 415,
      body: { detail: 'x' },
    });
    assert.equal(errorReply(new Error('bug')).status, 500);
  });
});

// streamPrediction against a minimal stand-in for ServerResponse: replay, live events, the
// subscriber limit, and cancel-on-last-disconnect.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, test } from 'node:test';
import { Prediction } from '../prediction/prediction.ts';
import { HttpError } from './request-body.ts';
import { streamPrediction } from './sse-stream.ts';

class FakeResponse extends EventEmitter {
  status = 0;
  body = '';
  ended = false;
  writeHead(status: number): this {
    this.status = status;
    return this;
  }
  write(text: string): boolean {
    this.body += text;
    return true;
  }
  end(text = ''): this {
    this.body += text;
    this.ended = true;
    this.emit('close');
    return this;
  }
}

function newPrediction(): Prediction {
  return new Prediction({
    id: 'p1',
    kind: 'prediction',
    input: {},
    webhook: null,
    webhookEvents: new Set(),
    context: {},
    createdAt: null,
    traceHeaders: {},
    historyCapacity: 16,
  });
}

function subscribe(prediction: Prediction, options: { maxSubscribers?: number; cancel?(): void }) {
  const response = new FakeResponse();
  streamPrediction(prediction, response as unknown as ServerResponse, {
    cancelOnDisconnect: true,
    cancel: options.cancel ?? (() => {}),
    maxSubscribers: options.maxSubscribers,
  });
  return response;
}

describe('streamPrediction', () => {
  test('replays retained events, then live ones, and ends after completed', () => {
    const prediction = newPrediction();
    prediction.start();
    const response = subscribe(prediction, {});
    prediction.appendChunk('a');
    prediction.finish('succeeded');
    assert.equal(response.status, 200);
    assert.deepEqual(
      [...response.body.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]),
      ['start', 'output', 'completed'],
    );
    assert.equal(response.ended, true);
  });

  test('one subscriber more than the limit is refused with 429; a freed place is reusable', () => {
    const prediction = newPrediction();
    const first = subscribe(prediction, { maxSubscribers: 2 });
    const second = subscribe(prediction, { maxSubscribers: 2 });
    assert.throws(
      () => subscribe(prediction, { maxSubscribers: 2 }),
      (error: unknown) =>
        error instanceof HttpError &&
        error.status === 429 &&
        JSON.stringify(error.body) === '{"error":"Too many stream subscribers"}',
    );
    first.emit('close');
    const third = subscribe(prediction, { maxSubscribers: 2 });
    assert.equal(third.status, 200);
    second.emit('close');
    third.emit('close'); // stops the keep-alive timers
  });

  test('the last subscriber leaving cancels a prediction created over SSE', () => {
    const prediction = newPrediction();
    let canceled = 0;
    const a = subscribe(prediction, { cancel: () => canceled++ });
    const b = subscribe(prediction, { cancel: () => canceled++ });
    a.emit('close');
    assert.equal(canceled, 0);
    b.emit('close');
    assert.equal(canceled, 1);
  });
});

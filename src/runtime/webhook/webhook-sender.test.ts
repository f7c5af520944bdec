import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { startReceiver } from '../runtime-test-harness.ts';
import {
  defaultRetryDelayMs,
  shouldSend,
  WebhookSender,
  type WebhookOptions,
} from './webhook-sender.ts';

const options = (overrides: Partial<WebhookOptions> = {}): WebhookOptions => ({
  throttleMs: 500,
  userAgent: 'coglet/test',
  authToken: undefined,
  timeoutMs: 1000,
  maxRetries: 12,
  retryDelayMs: () => 1,
  log: () => {},
  ...overrides,
});

describe('throttle rule', () => {
  const rows: [string, Parameters<typeof shouldSend>, boolean][] = [
    ['first start is sent', ['start', 0, null, 500], true],
    ['logs within the interval are dropped', ['logs', 100, 0, 500], false],
    ['logs after the interval are sent', ['logs', 500, 0, 500], true],
    ['output is never throttled', ['output', 1, 0, 500], true],
    ['completed is never throttled', ['completed', 1, 0, 500], true],
  ];
  for (const [name, args, expected] of rows)
    test(name, () => assert.equal(shouldSend(...args), expected));
});

test('backoff is 100 ms × 2^min(n, 10)', () => {
  assert.deepEqual(
    [1, 2, 3, 10, 11, 12].map(defaultRetryDelayMs),
    [200, 400, 800, 102400, 102400, 102400],
  );
});

describe('WebhookSender', () => {
  test('filters events, throttles logs, keeps order, sends auth and trace headers', async () => {
    const receiver = await startReceiver();
    try {
      const sender = new WebhookSender(
        `${receiver.url}/hook`,
        new Set(['start', 'logs', 'completed']),
        { traceparent: '00-abc-def-01' },
        options({ authToken: 't0k' }),
      );
      void sender.send('start', { n: 1 });
      void sender.send('logs', { n: 2 }); // throttled: right after start
      void sender.send('output', { n: 3 }); // filtered out
      await sender.send('completed', { n: 4 });
      assert.deepEqual(
        receiver.requests.map((r) => JSON.parse(r.body.toString())),
        [{ n: 1 }, { n: 4 }],
      );
      const headers = receiver.requests[0]?.headers ?? {};
      assert.equal(headers.authorization, 'Bearer t0k');
      assert.equal(headers.traceparent, '00-abc-def-01');
      assert.equal(headers['content-type'], 'application/json');
    } finally {
      await receiver.close();
    }
  });

  test('behind a slow receiver, pending non-terminal events collapse into the newest state', async () => {
    const bodies: unknown[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push(JSON.parse(Buffer.concat(chunks).toString()));
        setTimeout(() => res.end(), 100);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const sender = new WebhookSender(
        url,
        new Set(['start', 'output', 'completed']),
        {},
        options({ throttleMs: 0 }),
      );
      void sender.send('start', { output: [] });
      for (let i = 1; i <= 5; i++)
        void sender.send('output', { output: Array.from({ length: i }, (_, k) => k) });
      await sender.send('completed', { done: true });
      // start has not gone out yet when the outputs arrive: one request carries the newest state.
      assert.deepEqual(bodies, [{ output: [0, 1, 2, 3, 4] }, { done: true }]);
      bodies.length = 0;
      void sender.send('start', { n: 1 });
      await new Promise((r) => setTimeout(r, 20)); // in flight now
      void sender.send('output', { n: 2 });
      void sender.send('output', { n: 3 });
      await sender.send('completed', { n: 4 });
      assert.deepEqual(bodies, [{ n: 1 }, { n: 3 }, { n: 4 }]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  test('completed is retried on 5xx up to maxRetries, but not on 4xx', async () => {
    const receiver = await startReceiver();
    try {
      receiver.reply = () => ({ status: 500 });
      await new WebhookSender(
        receiver.url,
        new Set(['completed']),
        {},
        options({ maxRetries: 3 }),
      ).send('completed', {});
      assert.equal(receiver.requests.length, 4);
      receiver.requests.length = 0;
      receiver.reply = () => ({ status: 400 });
      await new WebhookSender(receiver.url, new Set(['completed']), {}, options()).send(
        'completed',
        {},
      );
      assert.equal(receiver.requests.length, 1);
    } finally {
      await receiver.close();
    }
  });

  test('a receiver that is down is retried for completed and logged, never thrown', async () => {
    const logged: string[] = [];
    const sender = new WebhookSender(
      'http://127.0.0.1:9/hook',
      new Set(['completed', 'start']),
      {},
      options({ maxRetries: 2, log: (m) => logged.push(m) }),
    );
    await sender.send('start', {});
    await sender.send('completed', {});
    assert.equal(logged.length, 2);
    assert.match(logged[1] ?? '', /^webhook completed to http:\/\/127\.0\.0\.1:9\/hook failed: /);
  });
});

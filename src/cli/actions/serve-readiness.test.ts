import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { docsUrl } from './serve-action.ts';
import { probeBaseUrl, setupOutcomeOf, waitForSetup } from './serve-readiness.ts';

describe('setupOutcomeOf', () => {
  const setup = {
    started_at: '2026-01-01T00:00:00.000Z',
    completed_at: '2026-01-01T00:00:02.500Z',
  };
  const rows: [string, unknown, ReturnType<typeof setupOutcomeOf>][] = [
    ['starting', { status: 'STARTING', setup: { started_at: setup.started_at } }, null],
    [
      'ready, with its setup time',
      { status: 'READY', setup },
      { status: 'ready', setupSeconds: 2.5 },
    ],
    ['busy is ready', { status: 'BUSY', setup }, { status: 'ready', setupSeconds: 2.5 }],
    ['unhealthy is past setup', { status: 'UNHEALTHY' }, { status: 'ready', setupSeconds: null }],
    ['setup failed', { status: 'SETUP_FAILED', setup }, { status: 'failed', defunct: false }],
    ['defunct', { status: 'DEFUNCT' }, { status: 'failed', defunct: true }],
    ['not a health body', 'Not Found', null],
    ['null', null, null],
  ];
  for (const [name, body, expected] of rows) {
    test(name, () => assert.deepEqual(setupOutcomeOf(body), expected));
  }
});

test('probeBaseUrl and docsUrl: where this machine reaches the published port', () => {
  assert.equal(probeBaseUrl('127.0.0.1', 8393), 'http://127.0.0.1:8393');
  assert.equal(probeBaseUrl('0.0.0.0', 8393), 'http://127.0.0.1:8393');
  assert.equal(probeBaseUrl('::', 8393), 'http://[::1]:8393');
  assert.equal(probeBaseUrl('fe80::1', 5000), 'http://[fe80::1]:5000');
  assert.equal(docsUrl('127.0.0.1', 8393), 'http://localhost:8393/docs');
  assert.equal(docsUrl('0.0.0.0', 8393), 'http://localhost:8393/docs');
  assert.equal(docsUrl('192.168.1.5', 5000), 'http://192.168.1.5:5000/docs');
});

/** A /health-check that answers `bodies` in turn (the last one from then on). */
async function healthServer(
  bodies: unknown[],
): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = http.createServer((request, response) => {
    const body = bodies[Math.min(hits++, bodies.length - 1)];
    response.writeHead(request.url === '/health-check' ? 200 : 404, {
      'Content-Type': 'application/json',
    });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('waitForSetup', () => {
  test('polls while STARTING, reports progress, resolves when READY', async () => {
    const server = await healthServer([
      { status: 'STARTING' },
      { status: 'STARTING' },
      { status: 'STARTING' },
      {
        status: 'READY',
        setup: { started_at: '2026-01-01T00:00:00Z', completed_at: '2026-01-01T00:00:01Z' },
      },
    ]);
    const progress: number[] = [];
    try {
      const outcome = await waitForSetup({
        baseUrl: server.url,
        signal: new AbortController().signal,
        intervalMs: 5,
        progressEveryMs: 1,
        onProgress: (s) => progress.push(s),
      });
      assert.deepEqual(outcome, { status: 'ready', setupSeconds: 1 });
      assert.equal(server.hits(), 4);
      assert.ok(progress.length >= 1, 'progress was reported while waiting');
    } finally {
      await server.close();
    }
  });

  test('a refused connection means "not up yet"; SETUP_FAILED ends the wait', async () => {
    const server = await healthServer([{ status: 'SETUP_FAILED' }]);
    const url = server.url;
    await server.close();
    const controller = new AbortController();
    const waiting = waitForSetup({ baseUrl: url, signal: controller.signal, intervalMs: 5 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Nothing listens: still waiting. Then the container goes away.
    controller.abort();
    assert.deepEqual(await waiting, { status: 'gone' });
    const failing = await healthServer([{ status: 'SETUP_FAILED' }]);
    try {
      const outcome = await waitForSetup({
        baseUrl: failing.url,
        signal: new AbortController().signal,
        intervalMs: 5,
      });
      assert.deepEqual(outcome, { status: 'failed', defunct: false });
    } finally {
      await failing.close();
    }
  });
});

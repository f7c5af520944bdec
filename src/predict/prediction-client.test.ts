import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { LogEcho } from '../image/log-echo.ts';
import { requestPrediction, waitForHealthy } from './prediction-client.ts';

async function serve(
  handler: http.RequestListener,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const running = async (): Promise<string> => 'running';

test('waitForHealthy: STARTING then READY', async () => {
  let calls = 0;
  const s = await serve((_req, res) =>
    res.end(JSON.stringify({ status: ++calls < 3 ? 'STARTING' : 'READY' })),
  );
  try {
    await waitForHealthy({ baseUrl: s.url, timeoutMs: 5_000, containerState: running });
    assert.equal(calls, 3);
  } finally {
    await s.close();
  }
});

test('waitForHealthy: failures', async () => {
  const failed = await serve((_req, res) =>
    res.end(
      JSON.stringify({
        status: 'SETUP_FAILED',
        setup: { logs: 'x\nTraceback (most recent call last):\n  boom\nValueError: bad\n' },
      }),
    ),
  );
  const busy = await serve((_req, res) => res.end(JSON.stringify({ status: 'DEFUNCT' })));
  try {
    await assert.rejects(
      waitForHealthy({ baseUrl: failed.url, timeoutMs: 5_000, containerState: running }),
      /Model setup failed\nTraceback \(most recent call last\):\n {2}boom\nValueError: bad/,
    );
    await assert.rejects(
      waitForHealthy({ baseUrl: busy.url, timeoutMs: 5_000, containerState: running }),
      /Container healthcheck returned unexpected status: DEFUNCT/,
    );
    await assert.rejects(
      waitForHealthy({ baseUrl: busy.url, timeoutMs: 5_000, containerState: async () => 'exited' }),
      /Container exited unexpectedly/,
    );
    await assert.rejects(
      waitForHealthy({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 300, containerState: running }),
      /Timed out/,
    );
  } finally {
    await failed.close();
    await busy.close();
  }
});

test('a setup traceback the logs already showed is not repeated in the error', async () => {
  const traceback = 'Traceback (most recent call last):\n  boom\nValueError: bad';
  const failed = await serve((_req, res) =>
    res.end(JSON.stringify({ status: 'SETUP_FAILED', setup: { logs: `x\n${traceback}\n` } })),
  );
  const shownTo = new PassThrough();
  let printed = '';
  shownTo.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const logs = new LogEcho(shownTo);
  try {
    const options = { baseUrl: failed.url, timeoutMs: 5_000, containerState: running };
    const shownInLogs = (text: string, ms: number): Promise<boolean> => logs.shown(text, ms);
    // Not yet in the logs: the traceback is part of the message.
    await assert.rejects(
      waitForHealthy({ ...options, shownInLogs: async () => false }),
      (e: Error) => e.message === `Model setup failed\n${traceback}`,
    );
    // Arriving through the log stream shortly after the health answer: shown once, by the logs.
    setTimeout(() => logs.stream.write(`coglet: setup failed\n${traceback}\n`), 200);
    await assert.rejects(
      waitForHealthy({ ...options, shownInLogs }),
      (e: Error & { hint?: string }) =>
        e.message === 'Model setup failed' && e.hint === 'Fix the error in setup() shown above.',
    );
    assert.equal(printed, `coglet: setup failed\n${traceback}\n`, 'the logs reached the user');
  } finally {
    await failed.close();
  }
});

test('requestPrediction: JSON, 422 help, other statuses, SSE', async () => {
  const s = await serve((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const input = (JSON.parse(body) as { input: { mode: string } }).input;
      if (input.mode === '422') {
        res.statusCode = 422;
        res.end(
          JSON.stringify({
            detail: [
              {
                loc: ['body', 'input', 'blur'],
                msg: 'value is not a valid float',
                type: 'type_error',
              },
            ],
          }),
        );
      } else if (input.mode === '500') {
        res.statusCode = 500;
        res.end('boom');
      } else if (input.mode === 'sse') {
        res.setHeader('Content-Type', 'text/event-stream');
        res.write('event: start\ndata: {"id":"a"}\n\n');
        res.write('event: output\ndata: {"chunk":"he","index":0}\n\n: keep-alive\n\n');
        res.write('event: output\ndata: {"chunk":"llo","index":1}\n\n');
        res.end('event: completed\ndata: {"status":"succeeded","output":["he","llo"]}\n\n');
      } else res.end(JSON.stringify({ status: 'succeeded', output: 'ok' }));
    });
  });
  const base = {
    baseUrl: s.url,
    mode: 'predict' as const,
    context: {},
    stream: false,
    commandName: 'cog run',
  };
  try {
    assert.deepEqual(await requestPrediction({ ...base, input: { mode: 'ok' } }), {
      status: 'succeeded',
      output: 'ok',
    });
    await assert.rejects(
      requestPrediction({ ...base, input: { mode: '422' } }),
      /Failed to run prediction: The inputs you passed could not be validated:\n\n- blur: value is not a valid float\n\nYou can provide an input with -i. For example:\n\n {4}cog run -i blur=3.5/,
    );
    await assert.rejects(
      requestPrediction({ ...base, input: { mode: '500' } }),
      /Failed to run prediction: \/predictions call returned status 500/,
    );
    const chunks: unknown[] = [];
    const final = await requestPrediction({
      ...base,
      stream: true,
      input: { mode: 'sse' },
      onChunk: (c) => chunks.push(c),
    });
    assert.deepEqual(chunks, ['he', 'llo']);
    assert.deepEqual(final, { status: 'succeeded', output: ['he', 'llo'] });
  } finally {
    await s.close();
  }
  await assert.rejects(
    requestPrediction({ ...base, baseUrl: 'http://127.0.0.1:1', input: {} }),
    /Failed to run prediction: Failed to POST HTTP request to http:\/\/127.0.0.1:1\/predictions/,
  );
});

test('LogEcho passes everything through and forgets once told to', async () => {
  const target = new PassThrough();
  let printed = '';
  target.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const logs = new LogEcho(target);
  logs.stream.write('a\n');
  assert.equal(await logs.shown('a', 0), true);
  logs.stopRemembering();
  logs.stream.write('b\n');
  assert.equal(await logs.shown('b', 10), false);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(printed, 'a\nb\n');
});

import type { OpenApiDocument } from '../contracts/openapi-document.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { predictOnce, type OnePrediction } from './predict-once.ts';
import type { OutputSink } from './prediction-output.ts';
import type { WebhookListener } from './webhook-listener.ts';

/** A model server that answers POST /predictions with `respond(body)`. */
async function serve(
  respond: (body: Record<string, unknown>) => unknown,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(respond(body)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function recordingSink(): OutputSink & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    stdout: (t) => void lines.push(`stdout ${t}`),
    raw: (t) => void lines.push(`raw ${t}`),
    info: (m) => void lines.push(`info ${m}`),
    warn: (m) => void lines.push(`warn ${m}`),
  };
}

const iteratorDoc: OpenApiDocument = {
  paths: {
    '/predictions': {
      post: {
        responses: {
          '200': {
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/PredictionResponse' } },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Input: { type: 'object', properties: { prompt: { type: 'string' } } },
      Output: { type: 'array', items: { type: 'string' }, 'x-cog-array-type': 'iterator' },
      PredictionResponse: {
        type: 'object',
        properties: { output: { $ref: '#/components/schemas/Output' } },
      },
    },
  },
};

function prediction(baseUrl: string, overrides: Partial<OnePrediction>): OnePrediction {
  return {
    baseUrl,
    mode: 'predict',
    doc: iteratorDoc,
    input: { prompt: 'hi' },
    context: {},
    output: { path: '/nonexistent/output', explicit: false },
    json: false,
    alwaysToFile: false,
    commandName: 'cog run',
    webhook: undefined,
    sink: recordingSink(),
    signal: new AbortController().signal,
    ...overrides,
  };
}

test('an iterator on a terminal: items shown as webhooks bring them, the list printed at the end', async () => {
  const listener: WebhookListener = { url: 'http://172.17.0.1:1/hook', onPayload: () => {} };
  let request: Record<string, unknown> = {};
  const s = await serve((body) => {
    request = body;
    listener.onPayload({ output: ['a'] });
    listener.onPayload({ output: ['a', 'b'] });
    return { status: 'succeeded', output: ['a', 'b'] };
  });
  try {
    const sink = recordingSink();
    const outcome = await predictOnce(
      prediction(s.url, { webhook: listener, sink, context: { replicate_api_token: 't' } }),
    );
    assert.equal(outcome, 'succeeded');
    assert.deepEqual(request.input, { prompt: 'hi' });
    assert.deepEqual(request.context, { replicate_api_token: 't' });
    assert.equal(request.webhook, listener.url);
    assert.deepEqual(sink.lines, [
      'info Running prediction...\n',
      'info a',
      'info b',
      'stdout [\n  "a",\n  "b"\n]',
    ]);
  } finally {
    await s.close();
  }
});

test('--json: no webhook, the failed response printed, the outcome says failed', async () => {
  let request: Record<string, unknown> = {};
  const s = await serve((body) => {
    request = body;
    return { status: 'failed', error: 'boom' };
  });
  try {
    const sink = recordingSink();
    const listener: WebhookListener = { url: 'http://172.17.0.1:1/hook', onPayload: () => {} };
    const outcome = await predictOnce(prediction(s.url, { json: true, webhook: listener, sink }));
    assert.equal(outcome, 'failed');
    assert.equal(request.webhook, undefined);
    assert.match(sink.lines.join('\n'), /"status": "failed"/);
  } finally {
    await s.close();
  }
});

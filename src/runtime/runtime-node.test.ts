// The runtime with TypeScript/JavaScript predictors: the Node launcher starts the Node worker
// (src/node-worker, from source), which speaks the same pipe protocol as the Python worker, so
// the HTTP API behaves the same: schema, 422s, logs, metrics, files, streaming, cancel, failures.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { metadataDocument } from '../node-worker/metadata-schema.ts';
import { predict, request, startTestRuntime } from './runtime-test-harness.ts';

const HELLO_JS = `
export const inputs = {
  text: { type: 'string', default: 'world', description: 'Who to greet' },
  n: { type: 'integer', ge: 1, le: 5, default: 1 },
};
export class Runner {
  async setup() { console.log('setting up'); }
  run({ text, n }) {
    console.log('greeting ' + text);
    return Array(n).fill('hello ' + text).join(', ');
  }
}
`;

// A TypeScript predictor: its schema is staged as the build would (here from equivalent metadata).
const HELLO_TS = `
import { emitMetric } from 'cog-sdk';
interface Input { text: string; n?: number }
export async function run(input: Input, ctx: { signal: AbortSignal }): Promise<string> {
  const greeting: string = 'hello ' + input.text;
  emitMetric('chars', greeting.length);
  return greeting.repeat(input.n ?? 1);
}
`;

function staged(inputs: object, output?: object, streaming = false): string {
  return JSON.stringify(
    metadataDocument({ mode: 'predict', file: 'run.ts', inputs, output, streaming }),
  );
}

describe('Node predictors over HTTP', () => {
  test('a JavaScript class with inputs metadata: schema, defaults, 422, setup logs, prediction logs', async () => {
    const rt = await startTestRuntime({ files: { 'run.js': HELLO_JS }, ref: 'run.js:Runner' });
    try {
      const schema = await request(`${rt.url}/openapi.json`);
      const input = (schema.body as { components: { schemas: { Input: unknown } } }).components
        .schemas.Input;
      assert.deepEqual(input, {
        type: 'object',
        title: 'Input',
        properties: {
          text: {
            'x-order': 0,
            title: 'Text',
            type: 'string',
            default: 'world',
            description: 'Who to greet',
          },
          n: { 'x-order': 1, title: 'N', type: 'integer', default: 1, minimum: 1, maximum: 5 },
        },
      });
      const ok = await predict(rt.url, { n: 2 });
      assert.equal(ok.status, 200);
      const body = ok.body as Record<string, unknown>;
      assert.deepEqual(
        [body.status, body.output, body.logs],
        ['succeeded', 'hello world, hello world', 'greeting world\n'],
      );
      const bad = await predict(rt.url, { n: 9 });
      assert.equal(bad.status, 422);
      assert.equal(rt.runtime.service.setup.logs, 'setting up\n');
    } finally {
      await rt.close();
    }
  });

  test('a TypeScript function with a staged schema; cog-sdk metrics reach the prediction', async () => {
    const rt = await startTestRuntime({
      files: {
        'run.ts': HELLO_TS,
        '.cog-schema/predict.json': staged({
          text: { type: 'string' },
          n: { type: 'integer', optional: true },
        }),
        // The image ships cog-sdk in /node_modules; here the repo's sources stand in for it.
        // (Node strips no types under node_modules, so a .js file re-exports the .ts source.)
        'node_modules/cog-sdk/package.json': JSON.stringify({
          name: 'cog-sdk',
          type: 'module',
          exports: './index.js',
        }),
        'node_modules/cog-sdk/index.js': `export * from ${JSON.stringify(new URL('../../sdk/node/src/index.ts', import.meta.url).href)};`,
      },
      ref: 'run.ts:run',
    });
    try {
      const res = await predict(rt.url, { text: 'ts', n: 2 });
      const body = res.body as { output: string; metrics: Record<string, unknown> };
      assert.equal(body.output, 'hello tshello ts');
      assert.equal(body.metrics.chars, 8);
      assert.equal((await predict(rt.url, {})).status, 422);
    } finally {
      await rt.close();
    }
  });

  test('an async generator streams its items; outputs grow as with a Python iterator', async () => {
    const rt = await startTestRuntime({
      files: {
        'run.mjs': `
export const inputs = { n: { type: 'integer', default: 3 } };
export const output = { type: 'iterator', items: { type: 'string' } };
export async function* run({ n }) {
  for (let i = 0; i < n; i++) { console.log('step ' + i); yield 'item' + i; }
}`,
      },
      ref: 'run.mjs:run',
    });
    try {
      const body = (await predict(rt.url, { n: 3 })).body as Record<string, unknown>;
      assert.deepEqual(
        [body.status, body.output, body.logs],
        ['succeeded', ['item0', 'item1', 'item2'], 'step 0\nstep 1\nstep 2\n'],
      );
      const schema = (await request(`${rt.url}/openapi.json`)).body as {
        components: { schemas: { Output: unknown } };
      };
      assert.deepEqual(schema.components.schemas.Output, {
        title: 'Output',
        type: 'array',
        items: { type: 'string' },
        'x-cog-array-type': 'iterator',
      });
    } finally {
      await rt.close();
    }
  });

  test('cancel ends a prediction canceled even when the predictor ignores the signal', async () => {
    const rt = await startTestRuntime({
      files: {
        'run.js': `
export const inputs = {};
export async function run() {
  await new Promise((resolve) => setTimeout(resolve, 60_000).unref());
  return 'too late';
}`,
      },
      ref: 'run.js:run',
    });
    try {
      const created = await request(`${rt.url}/predictions/slow`, {
        method: 'PUT',
        body: { input: {} },
        headers: { Prefer: 'respond-async' },
      });
      assert.equal(created.status, 202);
      const prediction = rt.runtime.service.get('slow');
      await new Promise((r) => setTimeout(r, 100));
      const started = Date.now();
      const cancel = await request(`${rt.url}/predictions/slow/cancel`, { method: 'POST' });
      assert.equal(cancel.status, 200);
      await prediction?.done;
      assert.equal(prediction?.status, 'canceled');
      assert.ok(Date.now() - started < 5000);
      // The worker is still usable.
      assert.equal((await rt.runtime.service.health()).status, 'READY');
    } finally {
      await rt.close();
    }
  });

  test('the AbortSignal reaches the predictor', async () => {
    const rt = await startTestRuntime({
      files: {
        'run.js': `
export const inputs = {};
export function run(_input, { signal }) {
  return new Promise((resolve) => signal.addEventListener('abort', () => {
    console.log('aborted: ' + signal.aborted);
    resolve('stopped');
  }));
}`,
      },
      ref: 'run.js:run',
    });
    try {
      await request(`${rt.url}/predictions/a`, {
        method: 'PUT',
        body: { input: {} },
        headers: { Prefer: 'respond-async' },
      });
      const prediction = rt.runtime.service.get('a');
      await new Promise((r) => setTimeout(r, 100));
      await request(`${rt.url}/predictions/a/cancel`, { method: 'POST' });
      await prediction?.done;
      assert.deepEqual([prediction?.status, prediction?.logs], ['canceled', 'aborted: true\n']);
    } finally {
      await rt.close();
    }
  });

  test('a path output is a file; a secret input is a Secret; a thrown error fails the prediction', async () => {
    const rt = await startTestRuntime({
      files: {
        'run.js': `
import { writeFileSync, mkdtempSync } from 'node:fs';
export const inputs = { key: { type: 'secret' }, fail: { type: 'boolean', default: false } };
export const output = { type: 'path' };
export function run({ key, fail }) {
  if (fail) throw new Error('asked to fail');
  console.log('key is ' + key);
  const dir = mkdtempSync('out-');
  writeFileSync(dir + '/out.txt', key.getSecretValue());
  return dir + '/out.txt';
}`,
      },
      ref: 'run.js:run',
    });
    try {
      const ok = (await predict(rt.url, { key: 's3cret' })).body as Record<string, unknown>;
      assert.equal(ok.status, 'succeeded');
      assert.equal(ok.output, `data:text/plain;base64,${Buffer.from('s3cret').toString('base64')}`);
      assert.equal(ok.logs, 'key is **********\n');
      assert.deepEqual((ok.input as Record<string, unknown>).key, '**********');
      const failed = (await predict(rt.url, { key: 'x', fail: true })).body as Record<
        string,
        unknown
      >;
      assert.deepEqual([failed.status, failed.error], ['failed', 'asked to fail']);
      assert.match(String(failed.logs), /Error: asked to fail\n\s+at .*run\.js:6/);
    } finally {
      await rt.close();
    }
  });

  test('an output JSON cannot carry fails the prediction with one clear message', async () => {
    const rt = await startTestRuntime({
      files: {
        'run.js': `export const inputs = {};\nexport const run = () => ({ ratio: 0 / 0 });`,
      },
      ref: 'run.js:run',
    });
    try {
      const body = (await predict(rt.url, {})).body as Record<string, unknown>;
      assert.deepEqual(
        [body.status, body.error],
        ['failed', 'output is not JSON serialisable: NaN at output.ratio'],
      );
    } finally {
      await rt.close();
    }
  });

  const BROKEN: Array<[string, Record<string, string>, string, RegExp]> = [
    [
      'a missing export',
      { 'run.js': 'export const inputs = {};\nexport function go() {}' },
      'run.js:run',
      /run\.js has no export named 'run' \(it exports go, inputs\)/,
    ],
    [
      'a JavaScript predictor without inputs metadata',
      { 'run.js': 'export function run() {}' },
      'run.js:run',
      /run\.js does not describe its inputs: a JavaScript predictor exports them/,
    ],
    [
      'a TypeScript predictor without a staged schema',
      { 'run.ts': 'export function run(input: { a: string }) { return input.a; }' },
      'run.ts:run',
      /no OpenAPI schema for run\.ts/,
    ],
    [
      'a module that does not compile',
      { 'run.ts': 'export function run( {' },
      'run.ts:run',
      /SyntaxError/,
    ],
    [
      'a setup() that throws',
      {
        'run.js':
          'export const inputs = {};\nexport class Runner { setup() { throw new Error("no weights"); } run() {} }',
      },
      'run.js:Runner',
      /Error: no weights/,
    ],
  ];
  for (const [name, files, ref, message] of BROKEN) {
    test(`setup fails clearly for ${name}`, async () => {
      const rt = await startTestRuntime({ files, ref, waitFor: 'SETUP_FAILED' });
      try {
        const health = (await request(`${rt.url}/health-check`)).body as {
          status: string;
          setup: { logs: string };
        };
        assert.equal(health.status, 'SETUP_FAILED');
        assert.match(health.setup.logs, message);
      } finally {
        await rt.close();
      }
    });
  }

  test('a user healthcheck() that returns false makes /health-check UNHEALTHY', async () => {
    const rt = await startTestRuntime({
      files: {
        'run.js':
          'export const inputs = {};\nexport class Runner { healthcheck() { return false; } run() { return 1; } }',
      },
      ref: 'run.js:Runner',
    });
    try {
      const health = (await request(`${rt.url}/health-check`)).body as Record<string, unknown>;
      assert.equal(health.status, 'UNHEALTHY');
    } finally {
      await rt.close();
    }
  });
});

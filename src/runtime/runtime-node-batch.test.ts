// Batching with a Node predictor (`static batch` on the class, as cog-sdk's BatchOptions): the
// Node worker's predict_batch path behind the same runtime batching as Python's @cog.batch.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { histogramCount, parseScrape } from './metrics/scrape.ts';
import { predict, startTestRuntime } from './runtime-test-harness.ts';

const BATCH_JS = `
import { recordMetric } from 'cog-sdk';
export const inputs = { n: { type: 'integer' } };
export const output = { type: 'integer' };
export class Runner {
  static batch = { maxSize: 8, maxWaitMs: 30 };
  async run(items) {
    console.log('call of ' + items.length);
    recordMetric('batch_size', items.length);
    await new Promise((resolve) => setTimeout(resolve, 20 + items.length));
    return items.map(({ n }) => (n === 13 ? new Error('unlucky') : n * 2));
  }
}
`;

// The image ships cog-sdk in /node_modules; here the repo's sources stand in for it.
const SDK_FILES = {
  'node_modules/cog-sdk/package.json': JSON.stringify({
    name: 'cog-sdk',
    type: 'module',
    exports: './index.js',
  }),
  'node_modules/cog-sdk/index.js': `export * from ${JSON.stringify(new URL('../../sdk/node/src/index.ts', import.meta.url).href)};`,
};

interface Envelope {
  status: string;
  output?: number;
  error?: string;
  logs?: string;
  metrics?: Record<string, unknown>;
}

describe('Node predictor with static batch', () => {
  test('concurrent requests share calls; errors, logs and metrics per prediction', async () => {
    const rt = await startTestRuntime({
      files: { 'run.js': BATCH_JS, ...SDK_FILES },
      ref: 'run.js:Runner',
    });
    try {
      assert.deepEqual(rt.runtime.service.slots, { max: 16, current: 0 });
      const inputs = [1, 2, 3, 13, 5, 6, 7, 8, 9, 10];
      const answers = await Promise.all(inputs.map((n) => predict(rt.url, { n })));
      for (const [i, n] of inputs.entries()) {
        const body = answers[i]?.body as Envelope;
        if (n === 13) assert.deepEqual([body.status, body.error], ['failed', 'unlucky']);
        else assert.deepEqual([body.status, body.output], ['succeeded', n * 2]);
        assert.match(body.logs ?? '', /^call of \d+\n/);
        assert.equal(typeof body.metrics?.batch_size, 'number');
      }
      const metrics = parseScrape(await (await fetch(`${rt.url}/metrics`)).text());
      const calls = histogramCount(metrics, 'cog_batch_size');
      assert.ok(calls >= 2 && calls < inputs.length, `${calls} calls`);
    } finally {
      await rt.close();
    }
  });

  test('a bad static batch fails the load with a clear message', async () => {
    const rt = await startTestRuntime({
      files: { 'run.js': BATCH_JS.replace('maxSize: 8', 'maxSize: 0'), ...SDK_FILES },
      ref: 'run.js:Runner',
      waitFor: 'SETUP_FAILED',
    });
    try {
      assert.match(
        rt.runtime.service.setup.logs,
        /static batch: maxSize must be an integer of at least 1/,
      );
    } finally {
      await rt.close();
    }
  });
});

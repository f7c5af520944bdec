// GET /metrics with a real Python predictor, scraped and read with a Prometheus text parser:
// predictions by status, latency histograms, in flight and queue depth while busy, setup, RSS of
// the server and the worker; COG_METRICS=0 turns the route off.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { histogramCount, parseScrape, sampleValue } from './metrics/scrape.ts';
import { predict, startTestRuntime, type TestRuntime } from './runtime-test-harness.ts';

const RUNNER = `
import time
from cog import BaseRunner

class Runner(BaseRunner):
    def run(self, text: str, sleep: float = 0.0) -> str:
        time.sleep(sleep)
        if text == "boom":
            raise ValueError("boom")
        return text
`;

async function scrape(url: string) {
  const response = await fetch(`${url}/metrics`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  return parseScrape(await response.text());
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('GET /metrics', () => {
  let rt: TestRuntime;
  before(async () => {
    rt = await startTestRuntime({ files: { 'run.py': RUNNER }, env: { COG_QUEUE_SIZE: '3' } });
  });
  after(() => rt.close());

  test('a fresh server: setup counted, nothing in flight, RSS of both processes', async () => {
    const metrics = await scrape(rt.url);
    assert.equal(sampleValue(metrics, 'cog_setups_total', { status: 'succeeded' }), 1);
    assert.equal(histogramCount(metrics, 'cog_setup_seconds'), 1);
    assert.equal(sampleValue(metrics, 'cog_predictions_in_flight'), 0);
    assert.equal(sampleValue(metrics, 'cog_prediction_slots'), 1);
    assert.equal(sampleValue(metrics, 'cog_queue_depth'), 0);
    assert.equal(sampleValue(metrics, 'cog_queue_capacity'), 3);
    assert.equal(sampleValue(metrics, 'cog_worker_restarts_total'), 0);
    const server = sampleValue(metrics, 'cog_process_resident_memory_bytes', { process: 'server' });
    assert.ok(server !== undefined && server > 10_000_000, `server RSS ${server}`);
    if (process.platform === 'linux') {
      const worker = sampleValue(metrics, 'cog_process_resident_memory_bytes', {
        process: 'worker',
      });
      assert.ok(worker !== undefined && worker > 1_000_000, `worker RSS ${worker}`);
    }
  });

  test('busy: in flight and queue depth; afterwards predictions by status and latencies', async () => {
    const before = await scrape(rt.url);
    const succeededBefore =
      sampleValue(before, 'cog_predictions_total', { kind: 'prediction', status: 'succeeded' }) ??
      0;
    const long = predict(rt.url, { text: 'a', sleep: 0.4 });
    await waitFor(() => rt.runtime.service.slots.current === 1, 'a running prediction');
    const queued = predict(rt.url, { text: 'b' });
    await waitFor(() => rt.runtime.service.queue.current === 1, 'a queued prediction');
    const busy = await scrape(rt.url);
    assert.equal(sampleValue(busy, 'cog_predictions_in_flight'), 1);
    assert.equal(sampleValue(busy, 'cog_queue_depth'), 1);
    assert.deepEqual(
      [
        (await long).status,
        (await queued).status,
        (await predict(rt.url, { text: 'boom' })).status,
      ],
      [200, 200, 200],
    );
    const done = await scrape(rt.url);
    assert.equal(
      sampleValue(done, 'cog_predictions_total', { kind: 'prediction', status: 'succeeded' }),
      succeededBefore + 2,
    );
    assert.equal(
      sampleValue(done, 'cog_predictions_total', { kind: 'prediction', status: 'failed' }),
      1,
    );
    assert.equal(histogramCount(done, 'cog_predict_seconds'), succeededBefore + 3);
    assert.equal(histogramCount(done, 'cog_queue_wait_seconds'), succeededBefore + 3);
    // The queued one waited about as long as the first ran: above the 0.25 s bucket.
    const wait = done.get('cog_queue_wait_seconds')?.metrics[0]?.buckets ?? {};
    assert.ok(Number(wait['0.25']) < Number(wait['+Inf']), JSON.stringify(wait));
    assert.equal(sampleValue(done, 'cog_queue_depth'), 0);
  });
});

describe('COG_METRICS=0', () => {
  let rt: TestRuntime;
  before(async () => {
    rt = await startTestRuntime({ files: { 'run.py': RUNNER }, env: { COG_METRICS: '0' } });
  });
  after(() => rt.close());

  test('GET /metrics is 404 and predictions still work', async () => {
    const response = await fetch(`${rt.url}/metrics`);
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { detail: 'Not Found' });
    assert.equal(rt.runtime.core.metrics, null);
    assert.equal((await predict(rt.url, { text: 'x' })).status, 200);
  });
});

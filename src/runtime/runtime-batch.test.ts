// @cog.batch with a real Python predictor (20 ms per call + 1 ms per item): concurrent requests
// are answered from fewer calls than requests, each with its own output; per-request errors,
// cancel and webhooks stay per prediction; the HTTP API and schema are the per-item ones.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { histogramCount, parseScrape } from './metrics/scrape.ts';
import {
  predict,
  request,
  startReceiver,
  startTestRuntime,
  type Receiver,
  type TestRuntime,
} from './runtime-test-harness.ts';

const BATCH_RUNNER = `
import time
import cog
from cog import BaseRunner

class Runner(BaseRunner):
    @cog.batch(max_size=8, max_wait_ms=30)
    def run(self, n: list[int], sleep: list[float] = cog.Input(default=0.0)) -> list[int]:
        print(f"call of {len(n)}")
        time.sleep(0.02 + 0.001 * len(n) + max(sleep))
        return [ValueError(f"{x} is unlucky") if x == 13 else x * 2 for x in n]
`;

interface Envelope {
  id: string;
  status: string;
  output?: number;
  error?: string;
  logs?: string;
}

describe('@cog.batch', () => {
  let rt: TestRuntime;
  let receiver: Receiver;
  before(async () => {
    rt = await startTestRuntime({ files: { 'run.py': BATCH_RUNNER } });
    receiver = await startReceiver();
  });
  after(async () => {
    await rt.close();
    await receiver.close();
  });

  test('the schema is per item and 16 concurrent requests need fewer calls', async () => {
    const schema = (await request(`${rt.url}/openapi.json`)).body as {
      components: { schemas: { Input: { properties: Record<string, { type: string }> } } };
    };
    assert.equal(schema.components.schemas.Input.properties.n?.type, 'integer');
    assert.deepEqual(rt.runtime.service.slots, { max: 16, current: 0 });
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) => predict(rt.url, { n: i + 100 })),
    );
    assert.deepEqual(
      answers.map((a) => [a.status, (a.body as Envelope).output]),
      Array.from({ length: 16 }, (_, i) => [200, (i + 100) * 2]),
    );
    const logs = answers.map((a) => (a.body as Envelope).logs ?? '');
    assert.ok(
      logs.every((l) => /^call of \d+\n$/.test(l)),
      JSON.stringify(logs),
    );
    const metrics = parseScrape(await (await fetch(`${rt.url}/metrics`)).text());
    const calls = histogramCount(metrics, 'cog_batch_size');
    assert.ok(calls < 16 && calls >= 2, `${calls} calls for 16 predictions`);
  });

  test('one bad item fails alone; a canceled member ends canceled; webhooks per prediction', async () => {
    const slow = request(`${rt.url}/predictions/batch-slow`, {
      method: 'PUT',
      body: { input: { n: 1, sleep: 0.3 } },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const members = [
      predict(rt.url, { n: 13 }),
      request(`${rt.url}/predictions/batch-cancel`, {
        method: 'PUT',
        body: { input: { n: 2 } },
      }),
      predict(
        rt.url,
        { n: 3 },
        { webhook: `${receiver.url}/hook`, webhook_events_filter: ['completed'] },
      ),
    ];
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(
      (await request(`${rt.url}/predictions/batch-cancel/cancel`, { method: 'POST' })).status,
      200,
    );
    const [bad, canceled, hooked] = await Promise.all(members);
    assert.deepEqual(
      [(bad?.body as Envelope).status, (bad?.body as Envelope).error],
      ['failed', '13 is unlucky'],
    );
    assert.equal((canceled?.body as Envelope).status, 'canceled');
    assert.deepEqual(
      [(hooked?.body as Envelope).status, (hooked?.body as Envelope).output],
      ['succeeded', 6],
    );
    assert.equal(((await slow).body as Envelope).output, 2);
    await receiver.waitFor(1);
    const hook = JSON.parse(receiver.requests[0]!.body.toString()) as Envelope;
    assert.deepEqual(
      [hook.id, hook.status, hook.output],
      [(hooked?.body as Envelope).id, 'succeeded', 6],
    );
  });
});

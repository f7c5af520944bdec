// Integration tests of async predictors (concurrency slots, per-prediction logs, task
// cancellation), iterator outputs (webhook events, retries, SSE) with real Python predictors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  predict,
  request,
  stable,
  startReceiver,
  startTestRuntime,
  type Receiver,
  type TestRuntime,
} from './runtime-test-harness.ts';

const ASYNC_RUNNER = `
import asyncio
from typing import AsyncIterator
from cog import BaseRunner, concurrent

class Runner(BaseRunner):
    async def setup(self) -> None:
        print("async setup")

    @concurrent(max=2)
    async def run(self, text: str, sleep: float = 0.0) -> str:
        print(f"start {text}")
        await asyncio.sleep(sleep)
        print(f"end {text}")
        return text.upper()
`;

const STREAM_RUNNER = `
import time
from typing import Iterator
from cog import BaseRunner, current_scope, streaming

class Runner(BaseRunner):
    @streaming
    def run(self, n: int = 3, fail: bool = False) -> Iterator[str]:
        for i in range(n):
            print(f"step {i}")
            current_scope().record_metric("tokens", 1, "incr")
            yield f"tok{i}"
            time.sleep(0.02)
        if fail:
            raise RuntimeError("midstream")
`;

describe('async predictor with @concurrent(max=2)', () => {
  let rt: TestRuntime;
  before(async () => {
    rt = await startTestRuntime({ files: { 'run.py': ASYNC_RUNNER } });
  });
  after(() => rt.close());

  test('two predictions run at once with separate logs; a third gets 409', async () => {
    const a = predict(rt.url, { text: 'a', sleep: 0.6 });
    const b = predict(rt.url, { text: 'b', sleep: 0.6 });
    await new Promise((r) => setTimeout(r, 150));
    const health = (await request(`${rt.url}/health-check`)).body as Record<string, unknown>;
    assert.equal(health.status, 'BUSY');
    assert.deepEqual(health.concurrency, { max: 2, current: 2 });
    const third = await predict(rt.url, { text: 'c' });
    assert.equal(third.status, 409);
    const [ra, rb] = await Promise.all([a, b]);
    assert.deepEqual(
      [ra.body, rb.body].map((b) => {
        const { output, logs, status } = b as Record<string, unknown>;
        return { output, logs, status };
      }),
      [
        { output: 'A', logs: 'start a\nend a\n', status: 'succeeded' },
        { output: 'B', logs: 'start b\nend b\n', status: 'succeeded' },
      ],
    );
  });

  test('cancel cancels the asyncio task', async () => {
    const running = predict(rt.url, { text: 'long', sleep: 30 }, { id: 'long1' });
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(
      (await request(`${rt.url}/predictions/long1/cancel`, { method: 'POST' })).status,
      200,
    );
    const body = (await running).body as Record<string, unknown>;
    assert.equal(body.status, 'canceled');
    assert.equal(body.logs, 'start long\n');
  });

  test('setup logs of an async setup are recorded', async () => {
    const body = (await request(`${rt.url}/health-check`)).body as { setup: { logs: string } };
    assert.equal(body.setup.logs, 'async setup\n');
  });
});

describe('iterator predictor: webhooks and SSE', () => {
  let rt: TestRuntime;
  let hook: Receiver;
  before(async () => {
    hook = await startReceiver();
    rt = await startTestRuntime({
      files: { 'run.py': STREAM_RUNNER },
      env: { COG_THROTTLE_RESPONSE_INTERVAL: '0' },
      service: {
        webhook: {
          throttleMs: 0,
          userAgent: 'coglet/test',
          authToken: 'secret-token',
          timeoutMs: 2000,
          maxRetries: 3,
          retryDelayMs: () => 10,
          log: () => {},
        },
      },
    });
  });
  after(async () => {
    await rt.close();
    await hook.close();
  });

  test('the sync reply has the whole list; webhooks follow start, output, logs, completed', async () => {
    hook.requests.length = 0;
    const res = await predict(rt.url, { n: 2 }, { id: 's1', webhook: `${hook.url}/hook` });
    assert.deepEqual(stable(res.body), {
      id: 's1',
      input: { n: 2, fail: false },
      output: ['tok0', 'tok1'],
      logs: 'step 0\nstep 1\n',
      error: null,
      status: 'succeeded',
      created_at: '<time>',
      started_at: '<time>',
      completed_at: '<time>',
      metrics: { tokens: 2, predict_time: '<seconds>' },
    });
    await hook.waitFor(1);
    await waitForCompleted(hook);
    const payloads = hook.requests.map(
      (r) => JSON.parse(r.body.toString()) as Record<string, unknown>,
    );
    assert.equal(payloads[0]?.status, 'processing');
    assert.equal(hook.requests[0]?.headers.authorization, 'Bearer secret-token');
    assert.equal(hook.requests[0]?.headers['user-agent'], 'coglet/test');
    const outputs = payloads
      .filter((p) => p.status === 'processing' && Array.isArray(p.output))
      .map((p) => p.output);
    assert.deepEqual(outputs.at(-1), ['tok0', 'tok1']);
    assert.ok(
      outputs.some((o) => JSON.stringify(o) === '["tok0"]'),
      'an output webhook per chunk',
    );
    const last = stable(payloads.at(-1));
    assert.deepEqual(last, {
      id: 's1',
      input: { n: 2, fail: false },
      output: ['tok0', 'tok1'],
      logs: 'step 0\nstep 1\n',
      status: 'succeeded',
      created_at: '<time>',
      started_at: '<time>',
      completed_at: '<time>',
      metrics: { tokens: 2, predict_time: '<seconds>' },
    });
  });

  test('webhook_events_filter [completed] sends one webhook, retried on 503', async () => {
    hook.requests.length = 0;
    let failures = 2;
    hook.reply = () => (failures-- > 0 ? { status: 503 } : { status: 200 });
    await predict(
      rt.url,
      { n: 1 },
      { webhook: `${hook.url}/hook`, webhook_events_filter: ['completed'] },
    );
    await hook.waitFor(3);
    await new Promise((r) => setTimeout(r, 100));
    hook.reply = () => ({ status: 200 });
    assert.equal(hook.requests.length, 3);
    for (const r of hook.requests)
      assert.equal((JSON.parse(r.body.toString()) as { status: string }).status, 'succeeded');
  });

  test('an exception mid-stream fails and keeps the partial output', async () => {
    const body = (await predict(rt.url, { n: 2, fail: true })).body as Record<string, unknown>;
    assert.equal(body.status, 'failed');
    assert.equal(body.error, 'midstream');
    assert.deepEqual(body.output, ['tok0', 'tok1']);
  });

  test('Accept: text/event-stream streams start, log, output, metric and completed events', async () => {
    const response = await fetch(`${rt.url}/predictions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ id: 'sse1', input: { n: 2 } }),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/event-stream');
    const events = parseSse(await response.text());
    assert.deepEqual(
      events.map((e) => e.event),
      ['start', 'log', 'metric', 'output', 'log', 'metric', 'output', 'completed'],
    );
    assert.deepEqual(events[0]?.data, { id: 'sse1', status: 'processing' });
    assert.deepEqual(events[1]?.data, { source: 'stdout', data: 'step 0\n' });
    assert.deepEqual(events[2]?.data, { name: 'tokens', value: 1, mode: 'increment' });
    assert.deepEqual(events[3]?.data, { chunk: 'tok0', index: 0 });
    const completed = stable(events.at(-1)?.data);
    assert.equal(completed.status, 'succeeded');
    assert.deepEqual(completed.output, ['tok0', 'tok1']);
  });

  test('a PUT with Accept: text/event-stream re-attaches to a running prediction with replay', async () => {
    const created = await predict(
      rt.url,
      { n: 15 },
      { id: 'replay1' },
      { Prefer: 'respond-async' },
    );
    assert.equal(created.status, 202);
    await new Promise((r) => setTimeout(r, 100));
    const response = await fetch(`${rt.url}/predictions/replay1`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ input: { n: 1 } }),
    });
    const events = parseSse(await response.text());
    assert.equal(events[0]?.event, 'start');
    assert.equal(events.filter((e) => e.event === 'output').length, 15);
    const completed = events.at(-1);
    assert.equal(completed?.event, 'completed');
    assert.equal((completed?.data as { output: string[] }).output.length, 15);
  });
});

async function waitForCompleted(receiver: Receiver): Promise<void> {
  const deadline = Date.now() + 5000;
  while (
    !receiver.requests.some(
      (r) => (JSON.parse(r.body.toString()) as { status: string }).status === 'succeeded',
    )
  ) {
    if (Date.now() > deadline) throw new Error('no completed webhook');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function parseSse(text: string): { event: string; data: unknown }[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event: '))
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      return {
        event: (eventLine ?? '').slice(7),
        data: JSON.parse((dataLine ?? '').slice(6)) as unknown,
      };
    });
}

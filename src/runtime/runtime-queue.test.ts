// The bounded queue (COG_QUEUE_SIZE, COG_QUEUE_TIMEOUT) with a real Python predictor: busy slots
// make new predictions wait in FIFO order instead of 409; past the bound 409 as before; the
// queue shows in /health-check; queued predictions can be canceled and time out with 409.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { predict, request, startTestRuntime, type TestRuntime } from './runtime-test-harness.ts';

const SLOW_RUNNER = `
import time
from cog import BaseRunner

class Runner(BaseRunner):
    def run(self, text: str, sleep: float = 0.3) -> str:
        time.sleep(sleep)
        return text
`;

interface Envelope {
  id: string;
  status: string;
  output?: string;
  error?: string;
  started_at?: string;
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('bounded queue (COG_QUEUE_SIZE=2)', () => {
  let rt: TestRuntime;
  before(async () => {
    rt = await startTestRuntime({ files: { 'run.py': SLOW_RUNNER }, env: { COG_QUEUE_SIZE: '2' } });
  });
  after(() => rt.close());

  test('busy slot: two wait and finish in arrival order, a fourth gets 409', async () => {
    const first = predict(rt.url, { text: 'a' });
    await waitFor(async () => rt.runtime.service.slots.current === 1, 'the first to run');
    const second = predict(rt.url, { text: 'b' });
    await waitFor(async () => rt.runtime.service.queue.current === 1, 'the second to queue');
    const third = predict(rt.url, { text: 'c' });
    await waitFor(async () => rt.runtime.service.queue.current === 2, 'the third to queue');
    const health = await request(`${rt.url}/health-check`);
    assert.deepEqual((health.body as { queue: unknown }).queue, { max: 2, current: 2 });
    assert.equal((health.body as { status: string }).status, 'BUSY');
    const refused = await predict(rt.url, { text: 'd' });
    assert.equal(refused.status, 409);
    assert.deepEqual(refused.body, {
      error: 'At capacity - all prediction slots busy',
      status: 'failed',
    });
    const answers = await Promise.all([first, second, third]);
    assert.deepEqual(
      answers.map((a) => [a.status, (a.body as Envelope).output]),
      [
        [200, 'a'],
        [200, 'b'],
        [200, 'c'],
      ],
    );
    const started = answers.map((a) => Date.parse((a.body as Envelope).started_at ?? ''));
    assert.ok(started[0]! < started[1]! && started[1]! < started[2]!, `FIFO: ${started}`);
    const idle = await request(`${rt.url}/health-check`);
    assert.deepEqual((idle.body as { queue: unknown }).queue, { max: 2, current: 0 });
    assert.equal((idle.body as { status: string }).status, 'READY');
  });

  test('a queued prediction can be canceled; an async one answers 202 while it waits', async () => {
    const running = predict(rt.url, { text: 'run', sleep: 0.5 });
    await waitFor(async () => rt.runtime.service.slots.current === 1, 'the first to run');
    const queued = await request(`${rt.url}/predictions/queued-one`, {
      method: 'PUT',
      body: { input: { text: 'q' } },
      headers: { Prefer: 'respond-async' },
    });
    assert.equal(queued.status, 202);
    assert.equal((queued.body as Envelope).status, 'starting');
    assert.equal(rt.runtime.service.queue.current, 1);
    const again = await request(`${rt.url}/predictions/queued-one`, {
      method: 'PUT',
      body: { input: { text: 'q' } },
      headers: { Prefer: 'respond-async' },
    });
    assert.equal(again.status, 202, 'the idempotent PUT finds the queued prediction');
    const cancel = await request(`${rt.url}/predictions/queued-one/cancel`, { method: 'POST' });
    assert.equal(cancel.status, 200);
    assert.equal(rt.runtime.service.queue.current, 0);
    assert.equal((await running).status, 200);
    const canceled = rt.runtime.service.get('queued-one');
    assert.equal(canceled, undefined, 'gone once terminal');
  });

  test('a sync client that disconnects while queued leaves the queue', async () => {
    const running = predict(rt.url, { text: 'run', sleep: 0.5 });
    await waitFor(async () => rt.runtime.service.slots.current === 1, 'the first to run');
    const controller = new AbortController();
    const abandoned = fetch(`${rt.url}/predictions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ input: { text: 'gone' } }),
      signal: controller.signal,
    }).catch(() => 'aborted');
    await waitFor(async () => rt.runtime.service.queue.current === 1, 'the second to queue');
    controller.abort();
    assert.equal(await abandoned, 'aborted');
    await waitFor(async () => rt.runtime.service.queue.current === 0, 'the queue to empty');
    assert.equal((await running).status, 200);
  });
});

describe('queue timeout (COG_QUEUE_TIMEOUT=0.2)', () => {
  let rt: TestRuntime;
  before(async () => {
    rt = await startTestRuntime({
      files: { 'run.py': SLOW_RUNNER },
      env: { COG_QUEUE_SIZE: '4', COG_QUEUE_TIMEOUT: '0.2' },
    });
  });
  after(() => rt.close());

  test('a prediction that waits too long is answered 409 and fails', async () => {
    const running = predict(rt.url, { text: 'long', sleep: 1 });
    await waitFor(async () => rt.runtime.service.slots.current === 1, 'the first to run');
    const waiting = await predict(rt.url, { text: 'late' });
    assert.equal(waiting.status, 409);
    assert.match(
      (waiting.body as { error: string }).error,
      /^At capacity - waited 0\.2 s in the queue for a free prediction slot$/,
    );
    assert.equal((await running).status, 200);
  });
});

describe('no queue (default)', () => {
  let rt: TestRuntime;
  before(async () => {
    rt = await startTestRuntime({ files: { 'run.py': SLOW_RUNNER } });
  });
  after(() => rt.close());

  test('a busy slot answers 409 at once and /health-check has no queue field', async () => {
    const running = predict(rt.url, { text: 'a', sleep: 0.5 });
    await waitFor(async () => rt.runtime.service.slots.current === 1, 'the first to run');
    assert.equal((await predict(rt.url, { text: 'b' })).status, 409);
    const health = await request(`${rt.url}/health-check`);
    assert.equal('queue' in (health.body as object), false);
    assert.equal((await running).status, 200);
  });
});

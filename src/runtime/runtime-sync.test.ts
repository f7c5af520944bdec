// In-process integration tests of the runtime with a real sync Python predictor: envelopes,
// validation (422), request parsing errors, routes, health, busy slots, cancel, idempotent PUT.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import {
  predict,
  request,
  stable,
  startReceiver,
  startTestRuntime,
  type TestRuntime,
} from './runtime-test-harness.ts';

const RUNNER = `
import time
from typing import List, Optional
from cog import BaseRunner, Input, current_scope

class Runner(BaseRunner):
    def setup(self) -> None:
        print("setting up")

    def run(
        self,
        text: str = Input(description="The text"),
        n: int = Input(default=2, ge=1, le=10),
        ratio: float = 1.5,
        tags: List[str] = Input(default=["x"]),
        mode: str = Input(default="fast", choices=["fast", "slow"]),
        note: Optional[str] = None,
        sleep: float = 0.0,
    ) -> str:
        print(f"hello {text}")
        if text == "boom":
            raise ValueError("this is a value error")
        current_scope().record_metric("chars", len(text) * n)
        if sleep:
            time.sleep(sleep)
        return f"{text * n}|{ratio}|{','.join(tags)}|{mode}|{note}"
`;

describe('sync predictor', () => {
  let rt: TestRuntime;
  before(async () => {
    rt = await startTestRuntime({ files: { 'run.py': RUNNER } });
  });
  after(() => rt.close());

  test('a prediction returns the full envelope with defaults filled and logs captured', async () => {
    const res = await predict(rt.url, { text: 'ab', bogus: 1 }, { id: 'p1' });
    assert.equal(res.status, 200);
    assert.deepEqual(stable(res.body), {
      id: 'p1',
      input: { text: 'ab', n: 2, ratio: 1.5, tags: ['x'], mode: 'fast', note: null, sleep: 0 },
      output: 'abab|1.5|x|fast|None',
      logs: 'hello ab\n',
      error: null,
      status: 'succeeded',
      created_at: '<time>',
      started_at: '<time>',
      completed_at: '<time>',
      metrics: { chars: 4, predict_time: '<seconds>' },
    });
  });

  test('validation errors are a 422 detail list with the original texts', async () => {
    const res = await predict(rt.url, { n: 11, ratio: 'x', tags: ['a', 5], mode: 'medium' });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body, {
      detail: [
        { loc: ['body', 'input', 'text'], msg: 'Field required', type: 'value_error.missing' },
        {
          loc: ['body', 'input', 'n'],
          msg: '11 is greater than the maximum of 10',
          type: 'value_error',
        },
        {
          loc: ['body', 'input', 'ratio'],
          msg: '"x" is not of type "number"',
          type: 'value_error',
        },
        { loc: ['body', 'input', 'tags/1'], msg: '5 is not of type "string"', type: 'value_error' },
        {
          loc: ['body', 'input', 'mode'],
          msg: '"medium" is not one of ["fast","slow"]',
          type: 'value_error',
        },
      ],
    });
  });

  test('input that is not an object, and bad envelope fields, are 422s', async () => {
    const notObject = await request(`${rt.url}/predictions`, { body: { input: [1] } });
    assert.equal(notObject.status, 422);
    assert.deepEqual(notObject.body, {
      detail: [
        {
          loc: ['body', 'input', '__root__'],
          msg: '[1] is not of type "object"',
          type: 'value_error',
        },
      ],
    });
    const badFilter = await predict(
      rt.url,
      { text: 'a' },
      { webhook_events_filter: ['start', 'bogus'] },
    );
    assert.equal(badFilter.status, 422);
    assert.deepEqual(badFilter.body, {
      detail: [
        {
          loc: ['body', 'webhook_events_filter', 1],
          msg: "Input should be 'start', 'output', 'logs' or 'completed'",
          type: 'enum',
        },
      ],
    });
  });

  test('malformed JSON is 400, a non-JSON content type 415, a huge body 413', async () => {
    const bad = await request(`${rt.url}/predictions`, {
      rawBody: '{"input": ',
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(bad.status, 400);
    assert.match(
      (bad.body as { detail: string }).detail,
      /^Failed to parse the request body as JSON: /,
    );
    const form = await request(`${rt.url}/predictions`, {
      rawBody: 'a=b',
      headers: { 'Content-Type': 'text/plain' },
    });
    assert.deepEqual(
      [form.status, form.body],
      [415, { detail: 'Expected request with `Content-Type: application/json`' }],
    );
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${rt.url}/predictions`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': String(101 * 1024 * 1024),
        },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.write('{"input":');
    });
    assert.equal(status, 413);
  });

  test('an exception fails the prediction with HTTP 200, str(exc) and the traceback in the logs', async () => {
    const res = await predict(rt.url, { text: 'boom' });
    assert.equal(res.status, 200);
    const body = res.body as Record<string, unknown>;
    assert.equal(body.status, 'failed');
    assert.equal(body.error, 'this is a value error');
    assert.equal(body.output, null);
    assert.match(
      body.logs as string,
      /^hello boom\nTraceback \(most recent call last\):\n[\s\S]*ValueError: this is a value error\n$/,
    );
    assert.equal(typeof (body.metrics as Record<string, unknown>).predict_time, 'number');
  });

  test('routes: root document, schema, 404 and 405', async () => {
    const root = await request(`${rt.url}/`);
    assert.deepEqual(root.body, {
      cog_version: '0.22.0',
      docs_url: '/docs',
      openapi_url: '/openapi.json',
      shutdown_url: '/shutdown',
      healthcheck_url: '/health-check',
      predictions_url: '/predictions',
      predictions_idempotent_url: '/predictions/{prediction_id}',
      predictions_cancel_url: '/predictions/{prediction_id}/cancel',
    });
    const schema = await request(`${rt.url}/openapi.json`);
    assert.equal(schema.status, 200);
    const input = (schema.body as { components: { schemas: { Input: { required: string[] } } } })
      .components.schemas.Input;
    assert.deepEqual(input.required, ['text']);
    assert.deepEqual((await request(`${rt.url}/nope`)).body, { detail: 'Not Found' });
    const docs = await request(`${rt.url}/docs`);
    assert.equal(docs.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(String(docs.body), /SwaggerUIBundle\(/);
    const wrong = await request(`${rt.url}/predictions`);
    assert.deepEqual([wrong.status, wrong.body], [405, { detail: 'Method Not Allowed' }]);
  });

  test('health-check reports READY with the setup logs', async () => {
    const res = await request(`${rt.url}/health-check`);
    const body = res.body as Record<string, unknown> & { setup: Record<string, unknown> };
    assert.equal(body.status, 'READY');
    assert.equal(body.setup.status, 'succeeded');
    assert.equal(body.setup.logs, 'setting up\n');
    assert.deepEqual(body.concurrency, { max: 1, current: 0 });
  });

  test('a busy slot gives 409 and BUSY; cancel interrupts time.sleep; PUT is idempotent while running', async () => {
    const running = predict(rt.url, { text: 'slow', sleep: 30 }, { id: 'slow1' });
    await waitUntil(
      async () =>
        ((await request(`${rt.url}/health-check`)).body as { status: string }).status === 'BUSY',
    );
    const busy = await predict(rt.url, { text: 'x' });
    assert.deepEqual(
      [busy.status, busy.body],
      [409, { error: 'At capacity - all prediction slots busy', status: 'failed' }],
    );
    const again = await request(`${rt.url}/predictions/slow1`, {
      method: 'PUT',
      body: { input: { text: 'other' } },
    });
    assert.equal(again.status, 202);
    assert.deepEqual((again.body as { input: unknown }).input, {
      text: 'slow',
      n: 2,
      ratio: 1.5,
      tags: ['x'],
      mode: 'fast',
      note: null,
      sleep: 30,
    });
    const mismatch = await request(`${rt.url}/predictions/slow1`, {
      method: 'PUT',
      body: { id: 'other', input: { text: 'a' } },
    });
    assert.deepEqual(mismatch.body, {
      detail: [
        {
          loc: ['body', 'id'],
          msg: 'prediction ID must match the ID supplied in the URL',
          type: 'value_error',
        },
      ],
    });
    const started = Date.now();
    const cancel = await request(`${rt.url}/predictions/slow1/cancel`, { method: 'POST' });
    assert.deepEqual([cancel.status, cancel.body], [200, {}]);
    const final = (await running).body as Record<string, unknown>;
    assert.ok(Date.now() - started < 5000, 'cancel took too long');
    assert.equal(final.status, 'canceled');
    assert.equal(final.error, null);
    assert.equal(final.logs, 'hello slow\n');
    // Idempotent: the just-canceled id is still known (docs/runtime.md, "Cancellation").
    const repeated = await request(`${rt.url}/predictions/slow1/cancel`, { method: 'POST' });
    assert.deepEqual([repeated.status, repeated.body], [200, {}]);
    const unknown = await request(`${rt.url}/predictions/never1/cancel`, { method: 'POST' });
    assert.deepEqual([unknown.status, unknown.body], [404, {}]);
    const next = await predict(rt.url, { text: 'ok', n: 1 });
    assert.equal((next.body as { output: string }).output, 'ok|1.5|x|fast|None');
  });

  test('repeated cancels answer 200, also after the end; the webhook reports canceled once', async () => {
    const hook = await startReceiver();
    try {
      const created = await predict(
        rt.url,
        { text: 'hook', sleep: 30 },
        { id: 'hook1', webhook: `${hook.url}/done`, webhook_events_filter: ['completed'] },
        { Prefer: 'respond-async' },
      );
      assert.equal(created.status, 202);
      await waitUntil(
        async () =>
          ((await request(`${rt.url}/health-check`)).body as { status: string }).status === 'BUSY',
      );
      const cancel = () => request(`${rt.url}/predictions/hook1/cancel`, { method: 'POST' });
      const answers = [await cancel(), await cancel()];
      await hook.waitFor(1);
      answers.push(await cancel(), await cancel());
      assert.deepEqual(
        answers.map((a) => [a.status, a.body]),
        [
          [200, {}],
          [200, {}],
          [200, {}],
          [200, {}],
        ],
      );
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(
        hook.requests.map((r) => (JSON.parse(r.body.toString()) as { status: string }).status),
        ['canceled'],
      );
      const next = await predict(rt.url, { text: 'ok', n: 1 });
      assert.equal((next.body as { status: string }).status, 'succeeded');
    } finally {
      await hook.close();
    }
  });

  test('a sync client that disconnects cancels its prediction', async () => {
    const controller = new AbortController();
    const pending = fetch(`${rt.url}/predictions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 'gone1', input: { text: 'gone', sleep: 30 } }),
      signal: controller.signal,
    }).catch(() => null);
    await waitUntil(
      async () =>
        ((await request(`${rt.url}/health-check`)).body as { status: string }).status === 'BUSY',
    );
    controller.abort();
    await pending;
    await waitUntil(
      async () =>
        ((await request(`${rt.url}/health-check`)).body as { status: string }).status === 'READY',
      5000,
    );
  });

  test('/trainings runs the predictor of this mode with the Input schema', async () => {
    const res = await request(`${rt.url}/trainings`, { body: { input: { text: 't', n: 1 } } });
    assert.equal((res.body as { output: string }).output, 't|1.5|x|fast|None');
    const sse = await request(`${rt.url}/trainings`, {
      body: { input: { text: 't' } },
      headers: { Accept: 'text/event-stream' },
    });
    assert.deepEqual(
      [sse.status, sse.body],
      [406, { error: 'Training endpoints do not support streaming responses.' }],
    );
  });

  test('Prefer: respond-async answers 202 with status starting', async () => {
    const res = await predict(rt.url, { text: 'async' }, { id: 'a1' }, { Prefer: 'respond-async' });
    assert.equal(res.status, 202);
    const body = stable(res.body);
    assert.equal(body.status, 'starting');
    assert.equal(body.id, 'a1');
    await waitUntil(
      async () =>
        ((await request(`${rt.url}/health-check`)).body as { status: string }).status === 'READY',
    );
  });
});

export async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Hostile requests against the real server with a real Python predictor, one test per defect
// of issue 7 (items 4-7): deep JSON, invalid base64 in data URIs, ids that would break headers,
// and the in-flight body budget. Each also checks that a good prediction still works.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  predict,
  request,
  startReceiver,
  startTestRuntime,
  type Receiver,
  type TestRuntime,
} from '../runtime-test-harness.ts';

const RUNNER = `
import asyncio, os
from cog import BaseRunner, Path, concurrent

class Runner(BaseRunner):
    @concurrent(max=4)
    async def run(self, text: str = "x", file: Path | None = None, sleep: float = 0) -> str:
        await asyncio.sleep(sleep)
        return text if file is None else f"{text}:{os.path.getsize(file)}"
`;

const ID_RULE =
  'prediction ID must be 1 to 128 characters of A-Z a-z 0-9 . _ ~ -, starting with a letter or digit';

async function goodPrediction(url: string): Promise<void> {
  const ok = await predict(url, { text: 'still here' });
  assert.equal(ok.status, 200);
  assert.deepEqual(
    [(ok.body as { status: string }).status, (ok.body as { output: string }).output],
    ['succeeded', 'still here'],
  );
}

describe('hostile requests', () => {
  let server: TestRuntime;
  let uploads: Receiver;
  before(async () => {
    uploads = await startReceiver();
    server = await startTestRuntime({
      files: { 'run.py': RUNNER },
      args: ['--upload-url', `${uploads.url}/up/`],
      env: { COG_MAX_BODY_BYTES_IN_FLIGHT: String(1024 * 1024) },
    });
  });
  after(async () => {
    await server.close();
    await uploads.close();
  });

  test('JSON nested 10^5 levels deep is a 400 with a clear detail, not a 500', async () => {
    for (const open of ['[', '{"a":']) {
      const body = `{"input":{"text":${open.repeat(100_000)}1${(open === '[' ? ']' : '}').repeat(100_000)}}}`;
      const response = await request(`${server.url}/predictions`, {
        rawBody: body,
        headers: { 'Content-Type': 'application/json' },
      });
      assert.deepEqual(
        [response.status, response.body],
        [400, { detail: 'Request body nests arrays/objects deeper than 128 levels' }],
      );
    }
    await goodPrediction(server.url);
  });

  test('a number too large for a float (1e999) is a 422, not a null for the predictor', async () => {
    const response = await request(`${server.url}/predictions`, {
      rawBody: '{"input":{"sleep":1e999}}',
      headers: { 'Content-Type': 'application/json' },
    });
    assert.deepEqual(
      [response.status, response.body],
      [
        422,
        {
          detail: [
            {
              loc: ['body', 'input', 'sleep'],
              msg: 'Infinity is not of type "number"',
              type: 'value_error',
            },
          ],
        },
      ],
    );
  });

  test('invalid base64 in a data URI is a 422 naming the input', async () => {
    const rows: [string, string][] = [
      ['data:text/plain;base64,!!!!', 'invalid data URI: base64 payload has "!" at offset 0'],
      [
        'data:text/plain;base64,aGk=trailing',
        'invalid data URI: base64 payload has "=" at offset 3 ("=" is only allowed as padding at the end)',
      ],
    ];
    for (const [file, msg] of rows) {
      const response = await predict(server.url, { file });
      assert.deepEqual(
        [response.status, response.body],
        [422, { detail: [{ loc: ['body', 'input', 'file'], msg, type: 'value_error' }] }],
      );
    }
    const ok = await predict(server.url, { text: 'n', file: 'data:text/plain;base64,aGk=' });
    assert.equal((ok.body as { output: string }).output, 'n:2');
  });

  test('ids outside the grammar are a 422 on every route; none reaches a header', async () => {
    const bad = ['a%0Ab', 'a%00b', 'x'.repeat(129), '-rf', 'a%20b']; // (fetch resolves `..`)
    for (const id of bad) {
      for (const [method, path] of [
        ['PUT', `/predictions/${id}`],
        ['POST', `/predictions/${id}/cancel`],
      ] as const) {
        const response = await request(`${server.url}${path}`, { method, body: { input: {} } });
        assert.deepEqual(
          [response.status, response.body],
          [
            422,
            { detail: [{ loc: ['path', 'prediction_id'], msg: ID_RULE, type: 'value_error' }] },
          ],
          `${method} ${path}`,
        );
      }
    }
    for (const id of ['a\nb', 'a\r\nX-Evil: 1', 'a\0b', 'x'.repeat(10_000), '', '..']) {
      const response = await predict(server.url, {}, { id });
      assert.deepEqual(
        [response.status, response.body],
        [422, { detail: [{ loc: ['body', 'id'], msg: ID_RULE, type: 'value_error' }] }],
      );
    }
    const trainings = await request(`${server.url}/trainings/a%0Ab`, { method: 'PUT', body: {} });
    assert.equal(trainings.status, 422);
    assert.equal(uploads.requests.length, 0);
    await goodPrediction(server.url);
  });

  test('bodies beyond the in-flight budget are a 503 with Retry-After; 413 beyond the budget', async () => {
    const big = 'A'.repeat(600 * 1024);
    const holding = predict(server.url, { text: big, sleep: 3 });
    // Running means its body was read and is held against the budget.
    for (let i = 0; i < 500; i++) {
      const health = (await request(`${server.url}/health-check`)).body as {
        concurrency: { current: number };
      };
      if (health.concurrency.current === 1) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const refused = await predict(server.url, { text: big });
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.match((refused.body as { error: string }).error, /^Too many request bytes in flight/);
    await goodPrediction(server.url); // small bodies still fit
    assert.equal((await holding).status, 200);
    assert.equal((await predict(server.url, { text: big })).status, 200, 'freed after it ended');
    const tooLarge = await predict(server.url, { text: 'A'.repeat(1100 * 1024) });
    assert.deepEqual(
      [tooLarge.status, tooLarge.body],
      [413, { detail: 'Request body is larger than 1 MiB' }],
    );
  });
});

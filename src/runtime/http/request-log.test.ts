// The per-request log line: its format (table), and what the real runtime logs for real
// requests against a Python predictor.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { predict, request, startTestRuntime, type TestRuntime } from '../runtime-test-harness.ts';
import { createServerLog } from '../server-log.ts';
import { formatDuration, formatRequestLine, requestLogLevel } from './request-log.ts';

describe('formatRequestLine', () => {
  const rows: [string, Parameters<typeof formatRequestLine>[0], string][] = [
    [
      'a prediction',
      { method: 'POST', path: '/predictions', status: 200, durationMs: 1234, predictionId: 'abc' },
      'POST /predictions 200 1.23s id=abc',
    ],
    ['no id', { method: 'GET', path: '/', status: 200, durationMs: 0.4 }, 'GET / 200 0ms'],
    [
      'the client went away',
      { method: 'POST', path: '/predictions', status: 200, durationMs: 12, aborted: true },
      'POST /predictions 200 12ms (client went away)',
    ],
    [
      'control characters cannot forge a second line',
      {
        method: 'PUT',
        path: '/predictions/a\nb',
        status: 422,
        durationMs: 3,
        predictionId: 'x\r\ncoglet: fake',
      },
      'PUT /predictions/a%0Ab 422 3ms id=x%0D%0Acoglet:%20fake',
    ],
    [
      'long paths are cut',
      { method: 'GET', path: `/${'a'.repeat(300)}`, status: 404, durationMs: 1 },
      `GET /${'a'.repeat(199)}… 404 1ms`,
    ],
  ];
  for (const [name, entry, expected] of rows) {
    test(name, () => assert.equal(formatRequestLine(entry), expected));
  }

  test('durations', () => {
    assert.deepEqual(
      [0, 999.4, 1000, 61_500].map((ms) => formatDuration(ms)),
      ['0ms', '999ms', '1.00s', '61.50s'],
    );
  });

  test('health checks are debug unless they fail', () => {
    const entry = { method: 'GET', path: '/health-check', durationMs: 1 };
    assert.equal(requestLogLevel({ ...entry, status: 200 }), 'debug');
    assert.equal(requestLogLevel({ ...entry, status: 500 }), 'info');
    assert.equal(requestLogLevel({ ...entry, path: '/predictions', status: 200 }), 'info');
  });
});

describe('the runtime logs one line per request', () => {
  let rt: TestRuntime;
  const lines: string[] = [];
  before(async () => {
    rt = await startTestRuntime({
      files: {
        'run.py': `
from cog import BaseRunner

class Runner(BaseRunner):
    def run(self, text: str) -> str:
        return "hello " + text
`,
      },
      log: createServerLog({ level: 'info', format: 'console', write: (l) => lines.push(l) }),
    });
  });
  after(() => rt.close());

  /** The lines logged since `from`, once `count` of them are there (logged on response close). */
  async function linesAfter(from: number, count: number): Promise<string[]> {
    for (let i = 0; i < 200 && lines.length < from + count; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return lines.slice(from);
  }

  test('method, path, status, duration and the prediction id; health checks not at info', async () => {
    const from = lines.length;
    await request(`${rt.url}/health-check`);
    const ok = await predict(rt.url, { text: 'log' }, { id: 'req-log-1' });
    assert.equal(ok.status, 200);
    const bad = await predict(rt.url, {});
    assert.equal(bad.status, 422);
    await request(`${rt.url}/predictions/req-log-1/cancel`, { method: 'POST' });
    await request(`${rt.url}/nope`);
    const logged = await linesAfter(from, 4);
    const shape = logged.map((l) => l.replace(/ \d+ms/, ' <ms>'));
    assert.deepEqual(shape, [
      'coglet: POST /predictions 200 <ms> id=req-log-1\n',
      'coglet: POST /predictions 422 <ms>\n',
      'coglet: POST /predictions/req-log-1/cancel 200 <ms> id=req-log-1\n',
      'coglet: GET /nope 404 <ms>\n',
    ]);
  });
});

// The warm-up before READY (worker-warm-up.ts, http/http-warm-up.ts) with real workers: each
// worker answers its round trips, no user code runs for them, and nothing of the private HTTP
// warm-up shows in the server log or the metrics.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ServerLog } from './server-log.ts';
import { predict, request, startTestRuntime } from './runtime-test-harness.ts';

const SYNC = `
from cog import BaseRunner

class Runner(BaseRunner):
    def setup(self) -> None:
        self.calls = 0

    def run(self, text: str) -> str:
        self.calls += 1
        print("run", self.calls)
        return f"{text} {self.calls}"
`;

const ASYNC = `
from cog import BaseRunner, concurrent

class Runner(BaseRunner):
    def setup(self) -> None:
        self.calls = 0

    @concurrent(max=4)
    async def run(self, text: str) -> str:
        self.calls += 1
        print("run", self.calls)
        return f"{text} {self.calls}"
`;

const NODE = `
let calls = 0;
export const inputs = { text: { type: 'string' } };
export class Runner {
  run({ text }) {
    calls += 1;
    console.log('run ' + calls);
    return text + ' ' + calls;
  }
}
`;

const cases: Array<{ name: string; files: Record<string, string>; ref: string }> = [
  { name: 'a sync Python predictor', files: { 'run.py': SYNC }, ref: 'run.py:Runner' },
  { name: 'an async Python predictor', files: { 'run.py': ASYNC }, ref: 'run.py:Runner' },
  { name: 'a JavaScript predictor', files: { 'run.js': NODE }, ref: 'run.js:Runner' },
];

describe('warm-up before READY', () => {
  for (const { name, files, ref } of cases) {
    test(`${name}: every round trip is answered and the first prediction is the first call`, async () => {
      const debug: string[] = [];
      const requestLines: string[] = [];
      const line = (message: string) => void requestLines.push(message);
      const log: ServerLog = { debug: line, info: line, warn: line, error: line };
      const rt = await startTestRuntime({
        files,
        ref,
        log,
        service: {
          debug: (message, fields) => debug.push(`${message} ${JSON.stringify(fields ?? {})}`),
        },
      });
      try {
        assert.ok(debug.includes('Worker warm-up {"answered":3}'), debug.join('\n'));
        const first = await predict(rt.url, { text: 'hi' });
        const body = first.body as Record<string, unknown>;
        assert.deepEqual([body.status, body.output, body.logs], ['succeeded', 'hi 1', 'run 1\n']);
        const metrics = await request(`${rt.url}/metrics`);
        const total = /^cog_predictions_total\{[^}]*\} (\d+)$/m.exec(String(metrics.body));
        assert.equal(total?.[1], '1', String(metrics.body));
        assert.deepEqual(
          requestLines.filter((l) => l.startsWith('POST')).length,
          1,
          requestLines.join('\n'),
        );
      } finally {
        await rt.close();
      }
    });
  }
});

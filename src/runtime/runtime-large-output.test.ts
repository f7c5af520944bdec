// Long string outputs cross the worker pipe as raw text attachments (frame-codec.ts); over HTTP
// they must read exactly as small ones do: quotes, backslashes, newlines, non-ASCII, NUL.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { predict, startTestRuntime } from './runtime-test-harness.ts';

const PIECE = 'a "quoted" line\\n\\\\ \\u00e9 \\u2713 \\x00 ';
const RUNNER = `
from typing import Any
from cog import BaseRunner

class Runner(BaseRunner):
    def run(self, n: int, shape: str) -> Any:
        text = '${PIECE}' * n
        if shape == "list":
            return [text, "short"]
        return text
`;

test('long string outputs, alone and nested, arrive unchanged', async () => {
  const rt = await startTestRuntime({ files: { 'run.py': RUNNER } });
  try {
    const piece = 'a "quoted" line\n\\ é ✓ \u0000 ';
    for (const [n, shape] of [
      [10, 'str'],
      [20_000, 'str'],
      [20_000, 'list'],
    ] as const) {
      const response = await predict(rt.url, { n, shape });
      const body = response.body as Record<string, unknown>;
      assert.equal(body.status, 'succeeded', JSON.stringify(body).slice(0, 300));
      const text = piece.repeat(n);
      assert.deepEqual(body.output, shape === 'list' ? [text, 'short'] : text, `${n} ${shape}`);
    }
  } finally {
    await rt.close();
  }
});

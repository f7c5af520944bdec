// Integration tests of the runtime's lifecycle with real Python predictors: setup failures
// (exception, import error, timeout, sync + concurrency), worker crash → DEFUNCT, the user
// healthcheck, SSE refusal, and POST /shutdown.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { predict, request, startTestRuntime } from './runtime-test-harness.ts';
import { createServerLog, logLevelFromEnv } from './server-log.ts';

const OK_RUNNER = `
import os
from cog import BaseRunner

class Runner(BaseRunner):
    def run(self, text: str) -> str:
        if text == "crash":
            os._exit(3)
        return text
`;

const NOT_READY = {
  error: 'Setup has not finished yet. Wait until it has finished, or GET /health-check for status.',
  status: 'failed',
};

async function health(
  url: string,
): Promise<Record<string, unknown> & { setup: Record<string, string> }> {
  return (await request(`${url}/health-check`)).body as Record<string, unknown> & {
    setup: Record<string, string>;
  };
}

describe('setup failures', () => {
  test('setup() raising gives SETUP_FAILED with output and traceback; predictions get 503', async () => {
    const rt = await startTestRuntime({
      files: {
        'run.py': `
from cog import BaseRunner
class Runner(BaseRunner):
    def setup(self) -> None:
        print("loading")
        raise RuntimeError("boom")
    def run(self, text: str) -> str:
        return text
`,
      },
      waitFor: 'SETUP_FAILED',
    });
    try {
      const body = await health(rt.url);
      assert.equal(body.status, 'SETUP_FAILED');
      assert.equal(body.setup.status, 'failed');
      assert.match(
        body.setup.logs ?? '',
        /^loading\nTraceback \(most recent call last\):\n[\s\S]*RuntimeError: boom\n$/,
      );
      assert.ok(body.setup.completed_at);
      const res = await predict(rt.url, { text: 'x' });
      assert.deepEqual([res.status, res.body], [503, NOT_READY]);
    } finally {
      await rt.close();
    }
  });

  test('an import error gives SETUP_FAILED with the traceback', async () => {
    const rt = await startTestRuntime({
      files: { 'run.py': 'import no_such_module_xyz\n' },
      waitFor: 'SETUP_FAILED',
    });
    try {
      assert.match(
        (await health(rt.url)).setup.logs ?? '',
        /ModuleNotFoundError: No module named 'no_such_module_xyz'/,
      );
      assert.deepEqual((await request(`${rt.url}/openapi.json`)).body, {
        error: 'OpenAPI schema not available',
      });
    } finally {
      await rt.close();
    }
  });

  test('a worker that dies during setup gives SETUP_FAILED with its exit code', async () => {
    const rt = await startTestRuntime({
      files: {
        'run.py': `
import os
from cog import BaseRunner
class Runner(BaseRunner):
    def setup(self) -> None:
        print("about to die", flush=True)
        os._exit(7)
    def run(self, text: str) -> str:
        return text
`,
      },
      waitFor: 'SETUP_FAILED',
    });
    try {
      assert.equal(
        (await health(rt.url)).setup.logs,
        'about to die\nWorker exited during setup (exit code 7)\n',
      );
    } finally {
      await rt.close();
    }
  });

  test('COG_SETUP_TIMEOUT kills a setup that takes too long', async () => {
    const rt = await startTestRuntime({
      files: {
        'run.py': `
import time
from cog import BaseRunner
class Runner(BaseRunner):
    def setup(self) -> None:
        time.sleep(30)
    def run(self, text: str) -> str:
        return text
`,
      },
      env: { COG_SETUP_TIMEOUT: '1' },
      waitFor: 'SETUP_FAILED',
    });
    try {
      assert.equal((await health(rt.url)).setup.logs, 'Setup timed out after 1 seconds\n');
    } finally {
      await rt.close();
    }
  });

  test('COG_MAX_CONCURRENCY > 1 with a sync predictor fails setup', async () => {
    const rt = await startTestRuntime({
      files: { 'run.py': OK_RUNNER },
      env: { COG_MAX_CONCURRENCY: '2' },
      waitFor: 'SETUP_FAILED',
    });
    try {
      assert.match(
        (await health(rt.url)).setup.logs ?? '',
        /^COG_MAX_CONCURRENCY > 1 requires an async run\(\) or predict\(\) method\n/,
      );
    } finally {
      await rt.close();
    }
  });
});

describe('after setup', () => {
  test('a worker crash fails the prediction clearly and makes the server DEFUNCT', async () => {
    const rt = await startTestRuntime({ files: { 'run.py': OK_RUNNER } });
    try {
      assert.equal((await predict(rt.url, { text: 'fine' })).status, 200);
      const res = await predict(rt.url, { text: 'crash' });
      const body = res.body as Record<string, unknown>;
      assert.equal(res.status, 200);
      assert.equal(body.status, 'failed');
      assert.equal(body.error, 'Worker crashed (exit code 3)');
      assert.equal((await health(rt.url)).status, 'DEFUNCT');
      const refused = await predict(rt.url, { text: 'x' });
      assert.deepEqual(
        [refused.status, refused.body],
        [
          503,
          {
            error:
              'The model worker has crashed and cannot run predictions; restart the container.',
            status: 'failed',
          },
        ],
      );
    } finally {
      await rt.close();
    }
  });

  test('a user healthcheck returning False reports UNHEALTHY; SSE on a non-streaming model is 406', async () => {
    const rt = await startTestRuntime({
      files: {
        'run.py': `
from cog import BaseRunner
class Runner(BaseRunner):
    def healthcheck(self) -> bool:
        return False
    def run(self, text: str) -> str:
        return text
`,
      },
    });
    try {
      const body = await health(rt.url);
      assert.equal(body.status, 'UNHEALTHY');
      assert.equal(
        body.user_healthcheck_error,
        'Healthcheck failed: user-defined healthcheck returned False',
      );
      assert.equal((await predict(rt.url, { text: 'still works' })).status, 200);
      const sse = await request(`${rt.url}/predictions`, {
        body: { input: { text: 'x' } },
        headers: { Accept: 'text/event-stream' },
      });
      assert.deepEqual(
        [sse.status, sse.body],
        [
          406,
          {
            error:
              'This model does not support streaming responses. Add @cog.streaming to predict() to enable SSE.',
          },
        ],
      );
    } finally {
      await rt.close();
    }
  });

  test('a Secret input reaches the predictor but is masked in the echoed input; COG_WEIGHTS reaches setup()', async () => {
    const rt = await startTestRuntime({
      files: {
        'run.py': `
from cog import BaseRunner, Secret
class Runner(BaseRunner):
    def setup(self, weights=None) -> None:
        self.weights = weights
    def run(self, key: Secret) -> str:
        return key.get_secret_value()[::-1] + " " + str(self.weights)
`,
      },
      env: { COG_WEIGHTS: 'https://weights.test/w.bin' },
    });
    try {
      const body = (await predict(rt.url, { key: 'hunter2' })).body as Record<string, unknown>;
      assert.deepEqual(
        [body.output, body.input],
        ['2retnuh https://weights.test/w.bin', { key: '**********' }],
      );
    } finally {
      await rt.close();
    }
  });

  test('JSON types round-trip: dict and list inputs, dict output with numbers and booleans', async () => {
    const rt = await startTestRuntime({
      files: {
        'run.py': `
from typing import List
from cog import BaseRunner
class Runner(BaseRunner):
    def run(self, options: dict, values: List[int], scale: float = 0.5, flag: bool = True) -> dict:
        return {"sum": sum(values) * scale, "keys": sorted(options), "flag": not flag, "none": None}
`,
      },
    });
    try {
      const res = await predict(rt.url, { options: { b: 1, a: [2] }, values: [1, 2, 3], scale: 2 });
      const body = res.body as Record<string, unknown>;
      assert.deepEqual(body.output, { sum: 12, keys: ['a', 'b'], flag: false, none: null });
      const wrong = await predict(rt.url, { options: [1], values: [1.5] });
      assert.deepEqual(wrong.body, {
        detail: [
          {
            loc: ['body', 'input', 'options'],
            msg: '[1] is not of type "object"',
            type: 'value_error',
          },
          {
            loc: ['body', 'input', 'values/0'],
            msg: '1.5 is not of type "integer"',
            type: 'value_error',
          },
        ],
      });
    } finally {
      await rt.close();
    }
  });

  test('POST /shutdown answers {} and stops the runtime', async () => {
    const rt = await startTestRuntime({ files: { 'run.py': OK_RUNNER } });
    try {
      const res = await request(`${rt.url}/shutdown`, { method: 'POST' });
      assert.deepEqual([res.status, res.body], [200, {}]);
      await rt.runtime.closed;
      assert.equal(rt.runtime.worker.running, false);
    } finally {
      await rt.close();
    }
  });
});

describe('train mode', () => {
  test('--x-mode train runs train() for /trainings (and /predictions) against TrainingInput', async () => {
    const rt = await startTestRuntime({
      files: { 'train.py': 'def train(steps: int) -> str:\n    return "w" * steps\n' },
      args: ['--x-mode', 'train'],
      env: { COG_TRAIN_TYPE_STUB: 'train.py:train' },
    });
    try {
      const res = await request(`${rt.url}/trainings`, { body: { input: { steps: 3 } } });
      assert.equal((res.body as { output: string }).output, 'www');
      assert.equal(((await predict(rt.url, { steps: 1 })).body as { output: string }).output, 'w');
      const bad = await request(`${rt.url}/trainings`, { body: { input: {} } });
      assert.deepEqual(bad.body, {
        detail: [
          { loc: ['body', 'input', 'steps'], msg: 'Field required', type: 'value_error.missing' },
        ],
      });
      const root = (await request(`${rt.url}/`)).body as Record<string, string>;
      assert.equal(root.trainings_url, '/trainings');
    } finally {
      await rt.close();
    }
  });
});

describe('sys.exit() inside a prediction', () => {
  test('fails that prediction naming SystemExit; the server stays READY and serves the next', async () => {
    const rt = await startTestRuntime({
      files: {
        'run.py': `
import sys
from cog import BaseRunner

class Runner(BaseRunner):
    def run(self, code: int) -> str:
        if code:
            sys.exit(code)
        return "still here"
`,
      },
    });
    try {
      const exited = (await predict(rt.url, { code: 3 })).body as Record<string, string>;
      assert.equal(exited.status, 'failed');
      assert.equal(exited.error, 'SystemExit(3): sys.exit() was called inside the prediction');
      assert.equal((await health(rt.url)).status, 'READY');
      const next = (await predict(rt.url, { code: 0 })).body as Record<string, string>;
      assert.deepEqual([next.status, next.output], ['succeeded', 'still here']);
    } finally {
      await rt.close();
    }
  });
});

describe('server log', () => {
  test('with RUST_LOG=debug the lifecycle lines of the original appear, in order, with fields', async () => {
    const lines: string[] = [];
    const log = createServerLog({
      level: logLevelFromEnv({ RUST_LOG: 'info,coglet=debug' }),
      format: 'json',
      write: (line) => lines.push(line),
    });
    const rt = await startTestRuntime({ files: { 'run.py': OK_RUNNER }, log });
    let closed = false;
    try {
      assert.equal((await predict(rt.url, { text: 'hi' }, { id: 'logged1' })).status, 200);
      await rt.close();
      closed = true;
      const all = lines.map(
        (line) =>
          JSON.parse(line) as { level: string; target: string; fields: Record<string, unknown> },
      );
      assert.ok(all.every((r) => r.target === 'coglet'));
      // Beside them, only the one info line per request (request-log.ts).
      const records = all.filter((r) => r.level === 'DEBUG');
      assert.deepEqual(
        all.filter((r) => r.level !== 'DEBUG').map((r) => String(r.fields.message).split(' ', 3)),
        [['POST', '/predictions', '200']],
      );
      const messages = records.map((r) => r.fields.message);
      assert.deepEqual(messages, [
        'Spawning worker subprocess',
        'Worker subprocess spawned',
        'Predictor loaded',
        'Running setup',
        'Worker warm-up', // ours, not the original's: worker-warm-up.ts
        'Setup complete',
        'Worker ready',
        'Starting prediction',
        'Prediction finished',
        'Shutdown requested',
        'Stopping worker',
        'Worker subprocess exited',
        'Shutdown complete',
      ]);
      const field = (message: string) => records.find((r) => r.fields.message === message)?.fields;
      assert.match(String(field('Spawning worker subprocess')?.command), / -m cog\._worker$/);
      assert.equal(field('Spawning worker subprocess')?.predictor_ref, 'run.py:Runner');
      assert.equal(typeof field('Worker subprocess spawned')?.pid, 'number');
      assert.equal(field('Worker ready')?.num_slots, 1);
      assert.equal(field('Worker warm-up')?.answered, 3);
      assert.deepEqual(field('Prediction finished'), {
        message: 'Prediction finished',
        prediction_id: 'logged1',
        status: 'succeeded',
      });
    } finally {
      if (!closed) await rt.close();
    }
  });

  test('at the default level (info) none of them is written, only the request line', async () => {
    const lines: string[] = [];
    const log = createServerLog({
      level: logLevelFromEnv({}),
      format: 'console',
      write: (line) => lines.push(line),
    });
    const rt = await startTestRuntime({ files: { 'run.py': OK_RUNNER }, log });
    try {
      assert.equal((await predict(rt.url, { text: 'hi' })).status, 200);
    } finally {
      await rt.close();
    }
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /^coglet: POST \/predictions 200 \d+ms id=\S+\n$/);
  });
});

// `cog serve --watch` in the runtime (COG_WATCH): saving the predictor restarts the worker with
// the new code and runs setup again; running predictions finish on the old worker (or fail, in
// force mode); requests arriving meanwhile wait; ignored paths do nothing; code that does not
// set up leaves the server SETUP_FAILED until the next save fixes it.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { predict, request, startTestRuntime, type TestRuntime } from './runtime-test-harness.ts';

const runner = (word: string) => `
import time
from cog import BaseRunner

class Runner(BaseRunner):
    def setup(self) -> None:
        print("setup ${word}")

    def run(self, sleep: float = 0.0) -> str:
        time.sleep(sleep)
        return "${word}"
`;

interface Envelope {
  status: string;
  output?: string;
  error?: string;
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function save(rt: TestRuntime, name: string, text: string): void {
  writeFileSync(path.join(rt.dir, name), text);
}

const restarts = (rt: TestRuntime) => rt.runtime.core.metrics?.workerRestarts.get() ?? -1;

describe('COG_WATCH=1 (graceful)', () => {
  test('a save reloads: the running prediction ends on the old code, a new one waits for the new', async () => {
    const rt = await startTestRuntime({
      files: { 'run.py': runner('one') },
      env: { COG_WATCH: '1' },
    });
    try {
      const slow = predict(rt.url, { sleep: 0.6 });
      await until(() => rt.runtime.service.slots.current === 1, 'the slow prediction');
      save(rt, 'run.py', runner('two'));
      await until(() => rt.runtime.service.reloading, 'the reload to begin');
      const waiting = predict(rt.url, {});
      const [old, fresh] = await Promise.all([slow, waiting]);
      assert.deepEqual([old.status, (old.body as Envelope).output], [200, 'one']);
      assert.deepEqual([fresh.status, (fresh.body as Envelope).output], [200, 'two']);
      assert.equal(restarts(rt), 1);
      const health = (await request(`${rt.url}/health-check`)).body as {
        status: string;
        setup: { logs: string };
      };
      assert.equal(health.status, 'READY');
      assert.equal(health.setup.logs, 'setup two\n', 'setup ran again, and only its logs show');
    } finally {
      await rt.close();
    }
  });

  test('ignored paths do not reload; broken code fails setup until the next save', async () => {
    const rt = await startTestRuntime({
      files: { 'run.py': runner('one'), '.git/HEAD': 'x', '.cog/x': 'x' },
      env: { COG_WATCH: '1' },
    });
    try {
      save(rt, '.git/HEAD', 'y');
      save(rt, '.cog/x', 'y');
      save(rt, 'cog.yaml', 'build: {}\n');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(restarts(rt), 0);
      save(rt, 'run.py', 'this is not python\n');
      await until(() => rt.runtime.service.setup.status === 'SETUP_FAILED', 'the failed setup');
      const refused = await predict(rt.url, {});
      assert.equal(refused.status, 503);
      save(rt, 'run.py', runner('fixed'));
      await until(
        () => rt.runtime.service.setup.status === 'READY' && !rt.runtime.service.reloading,
        'the fixed code',
      );
      const answer = await predict(rt.url, {});
      assert.deepEqual([answer.status, (answer.body as Envelope).output], [200, 'fixed']);
      assert.equal(restarts(rt), 2);
    } finally {
      await rt.close();
    }
  });
});

describe('shutdown during a reload', () => {
  test('what waits for the reload is answered 503 and the shutdown completes', async () => {
    const rt = await startTestRuntime({
      files: { 'run.py': runner('one') },
      env: { COG_WATCH: '1' },
    });
    try {
      const slow = predict(rt.url, { sleep: 0.4 });
      await until(() => rt.runtime.service.slots.current === 1, 'the slow prediction');
      save(rt, 'run.py', runner('two'));
      await until(() => rt.runtime.service.reloading, 'the reload to begin');
      const waiting = predict(rt.url, {});
      await new Promise((resolve) => setTimeout(resolve, 50));
      const stopped = rt.runtime.shutdown();
      const [old, refused] = await Promise.all([slow, waiting]);
      assert.deepEqual([old.status, (old.body as Envelope).output], [200, 'one']);
      assert.equal(refused.status, 503);
      await stopped;
      assert.equal(rt.runtime.service.reloading, false);
    } finally {
      await rt.close();
    }
  });
});

describe('COG_WATCH=force', () => {
  test('a save fails the running prediction clearly and the new code answers', async () => {
    const rt = await startTestRuntime({
      files: { 'run.py': runner('one') },
      env: { COG_WATCH: 'force' },
    });
    try {
      const slow = predict(rt.url, { sleep: 5 });
      await until(() => rt.runtime.service.slots.current === 1, 'the slow prediction');
      save(rt, 'run.py', runner('two'));
      const aborted = await slow;
      assert.equal(aborted.status, 200);
      assert.deepEqual(
        [(aborted.body as Envelope).status, (aborted.body as Envelope).error],
        ['failed', 'Prediction aborted: the predictor was reloaded (cog serve --watch=force)'],
      );
      const fresh = await predict(rt.url, {});
      assert.deepEqual([fresh.status, (fresh.body as Envelope).output], [200, 'two']);
    } finally {
      await rt.close();
    }
  });
});

// The features beyond the original (docs/runtime.md "Beyond the original"), over loopback with
// real Python predictors and the built runtime: `--watch` reload time (file saved → the new
// code answering, setup instant; median of 5), and overload with and without the bounded queue
// (32 closed-loop clients against one slot of a 20 ms predictor: errors, p50/p99/max latency),
// and the @cog.batch gain: a predictor that costs 20 ms per call + 1 ms per item, 8 and 32
// clients, batched versus one call per prediction (the latter queued, so it has no errors).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Measurement } from './run.ts';
import { entry, python, root } from './runtime-entry.ts';
import { percentile } from './stats.ts';

const versioned = (version: number) => `
from cog import BaseRunner

class Runner(BaseRunner):
    def run(self) -> int:
        return ${version}
`;

const SLOW = `
import time
from cog import BaseRunner

class Runner(BaseRunner):
    def run(self) -> int:
        time.sleep(0.02)
        return 1
`;

const UNBATCHED = `
import time
from cog import BaseRunner

class Runner(BaseRunner):
    def run(self, n: int) -> int:
        time.sleep(0.02 + 0.001)
        return n
`;

const BATCHED = `
import time
import cog
from cog import BaseRunner

class Runner(BaseRunner):
    @cog.batch(max_size=32, max_wait_ms=20)
    def run(self, n: list[int]) -> list[int]:
        time.sleep(0.02 + 0.001 * len(n))
        return n
`;

interface Server {
  url: string;
  child: ChildProcess;
  dir: string;
}

let nextPort = 31_000 + Math.floor(Math.random() * 4000);

async function startServer(source: string, env: Record<string, string>): Promise<Server> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'coglet-bench-'));
  writeFileSync(path.join(dir, 'run.py'), source);
  const port = nextPort++;
  const child = spawn(process.execPath, [entry, '--host', '127.0.0.1'], {
    cwd: dir,
    stdio: 'ignore',
    env: {
      ...process.env,
      PORT: String(port),
      COG_PREDICT_TYPE_STUB: 'run.py:Runner',
      COG_PYTHON: python,
      PYTHONPATH: path.join(root, 'python'),
      ...env,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  for (;;) {
    try {
      const body = (await (await fetch(`${url}/health-check`)).json()) as { status: string };
      if (body.status === 'READY') break;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > 30_000) throw new Error('runtime did not become READY');
    await new Promise((r) => setTimeout(r, 5));
  }
  return { url, child, dir };
}

async function stopServer(server: Server): Promise<void> {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
  rmSync(server.dir, { recursive: true, force: true });
}

async function predict(
  url: string,
  input = '{}',
): Promise<{ status: number; output: unknown; ms: number }> {
  const start = performance.now();
  const response = await fetch(`${url}/predictions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: `{"input":${input}}`,
  });
  const body = (await response.json()) as { output?: unknown };
  return { status: response.status, output: body.output, ms: performance.now() - start };
}

/** Save → first answer from the new code, polled every 5 ms, median of `runs`. */
async function reloadTimes(runs: number): Promise<number> {
  const server = await startServer(versioned(0), { COG_WATCH: '1' });
  const times: number[] = [];
  try {
    for (let version = 1; version <= runs; version++) {
      const saved = performance.now();
      writeFileSync(path.join(server.dir, 'run.py'), versioned(version));
      for (;;) {
        const answer = await predict(server.url);
        if (answer.output === version) break;
        if (performance.now() - saved > 30_000) throw new Error('reload never answered');
        await new Promise((r) => setTimeout(r, 5));
      }
      times.push(performance.now() - saved);
    }
  } finally {
    await stopServer(server);
  }
  return percentile(
    times.sort((a, b) => a - b),
    50,
  );
}

/** `clients` closed loops for `ms`; every answer's status and latency. */
async function overload(
  env: Record<string, string>,
  clients: number,
  ms: number,
  source = SLOW,
  input = '{}',
) {
  const server = await startServer(source, env);
  const latencies: number[] = [];
  let errors = 0;
  try {
    const until = performance.now() + ms;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < until) {
          const answer = await predict(server.url, input);
          if (answer.status === 200) latencies.push(answer.ms);
          else {
            errors++;
            // A refused client backs off a little, as a real one would, instead of spinning.
            await new Promise((r) => setTimeout(r, 5));
          }
        }
      }),
    );
  } finally {
    await stopServer(server);
  }
  latencies.sort((a, b) => a - b);
  return { latencies, errors, wallMs: ms };
}

export default async function serveFeaturesBench(): Promise<Measurement[]> {
  const results: Measurement[] = [
    {
      name: '--watch: file saved → new code answering (median of 5)',
      value: await reloadTimes(5),
      unit: 'ms',
    },
  ];
  const clients = 32;
  const queued = await overload(
    { COG_QUEUE_SIZE: String(clients), COG_QUEUE_TIMEOUT: '30' },
    clients,
    4000,
  );
  results.push(
    {
      name: `queue ${clients}, ${clients} clients on 1 slot (20 ms): errors`,
      value: queued.errors,
      unit: 'count',
    },
    {
      name: `queue ${clients}, ${clients} clients: served`,
      value: (queued.latencies.length / queued.wallMs) * 1000,
      unit: 'req/s',
    },
    {
      name: `queue ${clients}, ${clients} clients: latency p50`,
      value: percentile(queued.latencies, 50),
      unit: 'ms',
    },
    {
      name: `queue ${clients}, ${clients} clients: latency p99`,
      value: percentile(queued.latencies, 99),
      unit: 'ms',
    },
    {
      name: `queue ${clients}, ${clients} clients: latency max`,
      value: queued.latencies.at(-1) ?? 0,
      unit: 'ms',
    },
  );
  const refused = await overload({}, clients, 4000);
  results.push(
    { name: `no queue, ${clients} clients on 1 slot: 409s`, value: refused.errors, unit: 'count' },
    {
      name: `no queue, ${clients} clients: served`,
      value: (refused.latencies.length / refused.wallMs) * 1000,
      unit: 'req/s',
    },
  );
  for (const n of [8, 32]) {
    const queue = { COG_QUEUE_SIZE: '64' };
    const plain = await overload(queue, n, 3000, UNBATCHED, '{"n":1}');
    const batched = await overload(queue, n, 3000, BATCHED, '{"n":1}');
    const plainRate = (plain.latencies.length / plain.wallMs) * 1000;
    const batchedRate = (batched.latencies.length / batched.wallMs) * 1000;
    results.push(
      {
        name: `${n} clients, 20 ms/call + 1 ms/item, one call each`,
        value: plainRate,
        unit: 'req/s',
      },
      {
        name: `${n} clients, same predictor with @cog.batch(32)`,
        value: batchedRate,
        unit: 'req/s',
      },
      { name: `${n} clients: batching gain`, value: batchedRate / plainRate, unit: 'x' },
      {
        name: `${n} clients, @cog.batch: latency p99`,
        value: percentile(batched.latencies, 99),
        unit: 'ms',
      },
      { name: `${n} clients, errors (both)`, value: plain.errors + batched.errors, unit: 'count' },
    );
  }
  return results;
}

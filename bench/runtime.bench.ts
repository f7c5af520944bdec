// Runtime (coglet) performance over loopback with real Python predictors: process start → READY
// (median of 5), sync trivial prediction latency p50/p99 and throughput with 1 client, and an
// async @concurrent(max=8) predictor with 8 concurrent clients; the same sync rows for a trivial
// TypeScript predictor (the Node worker, its schema extracted from the types as `cog build`
// does), and a 64 MB string output (median of 3, and the server's peak RSS). Uses dist/coglet.mjs (and dist/coglet-worker.mjs) when built, else the sources.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractTypeScriptSchema } from '../src/ts-schema/extract-typescript-schema.ts';
import type { Measurement } from './run.ts';
import { entry, python, root } from './runtime-entry.ts';
import { ASYNC, SYNC } from './bench-predictors.ts';
import { percentile } from './stats.ts';

const OUTPUT_64MB = `
from cog import BaseRunner

class Runner(BaseRunner):
    def run(self, text: str) -> str:
        return "x" * 64_000_000
`;

const TYPESCRIPT = `
export class Runner {
  run(input: { text: string }): string {
    return input.text;
  }
}
`;

const nodeWorker = existsSync(path.join(root, 'dist', 'coglet-worker.mjs'))
  ? path.join(root, 'dist', 'coglet-worker.mjs')
  : path.join(root, 'src', 'node-worker', 'main.ts');

interface Server {
  url: string;
  child: ChildProcess;
  dir: string;
  readyMs: number;
}

let nextPort = 25_000 + Math.floor(Math.random() * 5000);

async function startServer(source: string, file = 'run.py'): Promise<Server> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'coglet-bench-'));
  writeFileSync(path.join(dir, file), source);
  if (file.endsWith('.ts')) {
    const doc = await extractTypeScriptSchema({
      projectDir: dir,
      file,
      exportName: 'Runner',
      mode: 'predict',
    });
    mkdirSync(path.join(dir, 'schema'));
    writeFileSync(path.join(dir, 'schema', 'predict.json'), JSON.stringify(doc));
  }
  const port = nextPort++;
  const started = performance.now();
  const child = spawn(process.execPath, [entry, '--host', '127.0.0.1'], {
    cwd: dir,
    stdio: 'ignore',
    env: {
      ...process.env,
      PORT: String(port),
      COG_PREDICT_TYPE_STUB: `${file}:Runner`,
      COG_NODE_WORKER: nodeWorker,
      COG_NODE_SCHEMA_DIR: path.join(dir, 'schema'),
      COG_PYTHON: python,
      PYTHONPATH: path.join(root, 'python'),
    },
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    try {
      const body = (await (await fetch(`${url}/health-check`)).json()) as { status: string };
      if (body.status === 'READY') break;
      if (body.status === 'SETUP_FAILED') throw new Error('bench predictor failed setup');
    } catch (error) {
      if ((error as Error).message.includes('setup')) throw error;
    }
    if (performance.now() - started > 30_000) throw new Error('runtime did not become READY');
    await new Promise((r) => setTimeout(r, 5));
  }
  return { url, child, dir, readyMs: performance.now() - started };
}

async function stopServer(server: Server): Promise<void> {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
  rmSync(server.dir, { recursive: true, force: true });
}

async function predictOnce(url: string, minBytes = 0): Promise<number> {
  const start = performance.now();
  const response = await fetch(`${url}/predictions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{"input":{"text":"hi"}}',
  });
  const text = await response.text();
  const body = JSON.parse(text) as { status?: string };
  if (body.status !== 'succeeded' || text.length < minBytes)
    throw new Error(`prediction ${response.status}: ${text.slice(0, 200)}`);
  return performance.now() - start;
}

/** `clients` loops issuing `perClient` predictions each; returns sorted latencies and wall time. */
async function load(
  url: string,
  clients: number,
  perClient: number,
): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = 0; i < perClient; i++) latencies.push(await predictOnce(url));
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), wallMs: performance.now() - start };
}

/** The p50, p99 and throughput rows of one load run. */
function loadRows(
  label: string,
  run: { latencies: number[]; wallMs: number },
): Array<{ name: string; value: number; unit: string }> {
  return [
    { name: `${label}, p50`, value: percentile(run.latencies, 50), unit: 'ms' },
    { name: `${label}, p99`, value: percentile(run.latencies, 99), unit: 'ms' },
    {
      name: `${label}, throughput`,
      value: (run.latencies.length / run.wallMs) * 1000,
      unit: 'req/s',
    },
  ];
}

export default async function runtimeBench(): Promise<Measurement[]> {
  const readyTimes: number[] = [];
  for (let i = 0; i < 4; i++) {
    const server = await startServer(SYNC);
    readyTimes.push(server.readyMs);
    await stopServer(server);
  }
  const results: Measurement[] = [];
  const sync = await startServer(SYNC);
  readyTimes.push(sync.readyMs);
  readyTimes.sort((a, b) => a - b);
  results.push({
    name: 'start → READY (median of 5)',
    value: percentile(readyTimes, 50),
    unit: 'ms',
  });
  try {
    await load(sync.url, 1, 50); // warm-up
    const one = await load(sync.url, 1, 500);
    results.push(...loadRows('sync predict, 1 client', one));
  } finally {
    await stopServer(sync);
  }
  const typescript = await startServer(TYPESCRIPT, 'run.ts');
  results.push({
    name: 'TypeScript start → READY (one run)',
    value: typescript.readyMs,
    unit: 'ms',
  });
  try {
    await load(typescript.url, 1, 50);
    const one = await load(typescript.url, 1, 500);
    results.push(...loadRows('TypeScript sync predict, 1 client', one));
  } finally {
    await stopServer(typescript);
  }
  const big = await startServer(OUTPUT_64MB);
  try {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) times.push(await predictOnce(big.url, 64_000_000));
    results.push({
      name: '64 MB output, median of 3',
      value: percentile(
        times.sort((a, b) => a - b),
        50,
      ),
      unit: 'ms',
    });
    const status = readFileSync(`/proc/${big.child.pid as number}/status`, 'utf8');
    results.push({
      name: '64 MB output: peak RSS of the server',
      value: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024,
      unit: 'MiB',
    });
  } finally {
    await stopServer(big);
  }
  const concurrent = await startServer(ASYNC);
  try {
    await load(concurrent.url, 8, 20);
    const eight = await load(concurrent.url, 8, 150);
    results.push(...loadRows('async predict, 8 clients', eight));
  } finally {
    await stopServer(concurrent);
  }
  return results;
}

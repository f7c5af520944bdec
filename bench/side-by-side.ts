// `npm run bench -- --vs-original`: our runtime and the original's (PyPI cog 0.22.0 + coglet
// 0.22.0, the Rust server) side by side, started the same way (`python -m cog.server.http`) on
// the same predictors, with the same interpreter and site-packages (the scratch venv's; for
// ours, our SDK comes first on PYTHONPATH). Every scenario runs once per round on a fresh server of each runtime, the
// order alternating between rounds; each figure is the median of ROUNDS rounds. The ratio is a
// cost ratio, ours / original (for throughput original / ours), so ≤ 1.00 means ours is no worse.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { originalVenv, type OriginalVenv } from './original-venv.ts';
import { root } from './runtime-entry.ts';
import { ASYNC, SYNC } from './bench-predictors.ts';
import { percentile } from './stats.ts';

const ROUNDS = Number(process.env.COG_BENCH_ROUNDS ?? 9);
/** Comma-separated parts of scenario labels to run (all when unset), e.g. `sync,64 MB`. */
const ONLY = process.env.COG_BENCH_SCENARIOS?.split(',').filter(Boolean);

const STREAM = `
from typing import Iterator
from cog import BaseRunner, streaming

class Runner(BaseRunner):
    @streaming
    def run(self, text: str) -> Iterator[str]:
        for _ in range(100):
            yield text
`;

const bigOutput = (bytes: number) => `
from cog import BaseRunner

class Runner(BaseRunner):
    def run(self, text: str) -> str:
        return "x" * ${bytes}
`;

type Runtime = 'ours' | 'original';

interface Server {
  url: string;
  child: ChildProcess;
  dir: string;
  readyMs: number;
}

interface Figure {
  name: string;
  unit: 'ms' | 'req/s' | 'MiB';
  value: number;
}

interface Scenario {
  label: string;
  predictor: string;
  /** cog.yaml beside the predictor (the original takes its slot count from there). */
  cogYaml?: string;
  /** Runs against a READY server; returns this round's figures (first request included). */
  measure: (url: string) => Promise<Figure[]>;
}

let nextPort = 35_000 + Math.floor(Math.random() * 5000);

function serverEnv(runtime: Runtime, venv: OriginalVenv, port: number): NodeJS.ProcessEnv {
  const { PYTHONPATH: _pythonPath, COG_PYTHON: _cogPython, ...env } = process.env;
  const common = { PORT: String(port), COG_PREDICT_TYPE_STUB: 'run.py:Runner' };
  if (runtime === 'original')
    return { ...env, ...common, PATH: `${path.join(venv.dir, 'bin')}:${env.PATH ?? ''}` };
  return {
    ...env,
    ...common,
    PYTHONPATH: path.join(root, 'python'),
    COG_RUNTIME_JS: path.join(root, 'dist', 'coglet.mjs'),
    COG_NODE: process.execPath,
  };
}

const schemas = new Map<Scenario, string>();

/** The scenario's OpenAPI document, as the build dumps it (`--dump-schema`), made once. */
function schemaOf(scenario: Scenario, dir: string, venv: OriginalVenv): string {
  let schema = schemas.get(scenario);
  if (schema === undefined) {
    schema = execFileSync(venv.python, ['-m', 'cog.server.http', '--dump-schema'], {
      cwd: dir,
      env: serverEnv('ours', venv, 0),
      encoding: 'utf8',
    });
    schemas.set(scenario, schema);
  }
  return schema;
}

async function startServer(
  runtime: Runtime,
  venv: OriginalVenv,
  scenario: Scenario,
): Promise<Server> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cog-side-by-side-'));
  writeFileSync(path.join(dir, 'run.py'), scenario.predictor);
  if (scenario.cogYaml !== undefined) writeFileSync(path.join(dir, 'cog.yaml'), scenario.cogYaml);
  // What `cog build` leaves in every image; the original reads its schema (and so its input
  // validation and `x-cog-streaming`) from there, ours gets it from the worker.
  mkdirSync(path.join(dir, '.cog'));
  writeFileSync(path.join(dir, '.cog', 'openapi_schema.json'), schemaOf(scenario, dir, venv));
  // Up to three tries, each on a fresh port (another helper's process may hold one).
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOn(runtime, venv, dir, nextPort++);
    } catch (error) {
      if (attempt === 3) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

async function startOn(
  runtime: Runtime,
  venv: OriginalVenv,
  dir: string,
  port: number,
): Promise<Server> {
  const started = performance.now();
  // The server's output goes to a file (read on failure), not through this process, whose
  // CPU is the clients'.
  const logFile = path.join(dir, 'server.log');
  const log = openSync(logFile, 'w');
  const child = spawn(venv.python, ['-m', 'cog.server.http', '--host', '127.0.0.1'], {
    cwd: dir,
    stdio: ['ignore', log, log],
    env: serverEnv(runtime, venv, port),
  });
  closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    const status = await fetch(`${url}/health-check`)
      .then(async (r) => ((await r.json()) as { status: string }).status)
      .catch(() => 'DOWN');
    if (status === 'READY') break;
    const late = performance.now() - started > 60_000;
    if (status === 'SETUP_FAILED' || child.exitCode !== null || late) {
      child.kill('SIGKILL');
      const tail = readFileSync(logFile, 'utf8').trim().split('\n').slice(-3).join(' | ');
      throw new Error(`${runtime} runtime failed to start on port ${port} (${status}): ${tail}`);
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  return { url, child, dir, readyMs: performance.now() - started };
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode === null) {
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
  }
  rmSync(server.dir, { recursive: true, force: true });
}

/** The pid and its descendants (the worker, and anything it started), children of any thread. */
function processTree(pid: number): number[] {
  const tasks = existsSync(`/proc/${pid}/task`) ? readdirSync(`/proc/${pid}/task`) : [];
  const children = tasks.flatMap((task) => {
    const file = `/proc/${pid}/task/${task}/children`;
    return existsSync(file) ? readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean) : [];
  });
  return [pid, ...children.map(Number).flatMap(processTree)];
}

function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

function memoryFigures(label: string, pid: number): Figure[] {
  const tree = processTree(pid).reduce((sum, p) => sum + peakRssMiB(p), 0);
  return [
    { name: `${label}: peak RSS, server process`, unit: 'MiB', value: peakRssMiB(pid) },
    { name: `${label}: peak RSS, server + worker`, unit: 'MiB', value: tree },
  ];
}

/**
 * Answers 409 (at capacity) to a client that sends its next request as soon as the last answer
 * arrived: the original frees the slot after it has answered (about one in five sequential
 * requests here). Such a request is sent again at once; p50/p99 are those of the attempts
 * that ran, the "with 409 retries" figures what the client waited in all, and the retries are
 * counted and shown below the table.
 */
const retries: Record<Runtime, number> = { ours: 0, original: 0 };
let current: Runtime = 'ours';

/** One request as a client sees it: the attempt that ran, and the wait with any 409 retries. */
interface Timing {
  ms: number;
  withRetriesMs: number;
}

async function attempt(
  url: string,
  headers: Record<string, string>,
): Promise<[Timing, Response, string]> {
  const first = performance.now();
  for (;;) {
    const start = performance.now();
    const response = await fetch(`${url}/predictions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: '{"input":{"text":"hi"}}',
    });
    const body = await response.text();
    const end = performance.now();
    if (response.status !== 409)
      return [{ ms: end - start, withRetriesMs: end - first }, response, body];
    retries[current]++;
  }
}

async function predict(url: string, expect: (body: string) => boolean): Promise<Timing> {
  const [timing, response, body] = await attempt(url, {});
  if (!response.ok || !expect(body))
    throw new Error(`prediction ${response.status}: ${body.slice(0, 200)}`);
  return timing;
}

async function streamOnce(url: string): Promise<Timing> {
  const [timing, response, body] = await attempt(url, { Accept: 'text/event-stream' });
  const outputs = body.split('event: output').length - 1;
  if (!response.ok || outputs !== 100 || !body.includes('event: completed'))
    throw new Error(`stream ${response.status} with ${outputs} outputs: ${body.slice(0, 200)}`);
  return timing;
}

const succeeded = (body: string) => body.includes('"succeeded"');

interface LoadRun {
  /** Sorted: the attempts that ran, and the same requests with their 409 retries. */
  latencies: number[];
  withRetries: number[];
  wallMs: number;
}

/** `clients` loops of `perClient` requests; sorted latencies and wall time. */
async function load(
  clients: number,
  perClient: number,
  once: () => Promise<Timing>,
): Promise<LoadRun> {
  const timings: Timing[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = 0; i < perClient; i++) timings.push(await once());
    }),
  );
  const sorted = (values: number[]) => values.sort((a, b) => a - b);
  return {
    latencies: sorted(timings.map((t) => t.ms)),
    withRetries: sorted(timings.map((t) => t.withRetriesMs)),
    wallMs: performance.now() - start,
  };
}

function loadFigures(label: string, run: LoadRun, clients: number): Figure[] {
  const figures: Figure[] = [
    { name: `${label}: p50`, unit: 'ms', value: percentile(run.latencies, 50) },
    { name: `${label}: p99`, unit: 'ms', value: percentile(run.latencies, 99) },
  ];
  // With several clients the original refuses some requests (409) and the client sends them
  // again; what the client waits for a prediction includes those round trips.
  if (clients > 1)
    figures.push(
      {
        name: `${label}: p50 with 409 retries`,
        unit: 'ms',
        value: percentile(run.withRetries, 50),
      },
      {
        name: `${label}: p99 with 409 retries`,
        unit: 'ms',
        value: percentile(run.withRetries, 99),
      },
    );
  figures.push({
    name: `${label}: throughput`,
    unit: 'req/s',
    value: (run.latencies.length / run.wallMs) * 1000,
  });
  return figures;
}

function bigOutputScenario(label: string, bytes: number, requests: number): Scenario {
  const expect = (body: string) => succeeded(body) && body.length > bytes;
  return {
    label,
    predictor: bigOutput(bytes),
    measure: async (url) => {
      const first = await predict(url, expect);
      const run = await load(1, requests, () => predict(url, expect));
      return [
        { name: `${label}: first request`, unit: 'ms', value: first.ms },
        { name: `${label}: p50`, unit: 'ms', value: percentile(run.latencies, 50) },
      ];
    },
  };
}

const SYNC_SCENARIO: Scenario = {
  label: 'sync, 1 client',
  predictor: SYNC,
  measure: async (url) => {
    const first = await predict(url, succeeded);
    await load(1, 50, () => predict(url, succeeded));
    const run = await load(1, 300, () => predict(url, succeeded));
    return [
      { name: 'sync, 1 client: first request', unit: 'ms', value: first.ms },
      ...loadFigures('sync, 1 client', run, 1),
    ];
  },
};

const scenarios: Scenario[] = [
  SYNC_SCENARIO,
  {
    label: 'async max=8, 8 clients',
    predictor: ASYNC,
    cogYaml: 'build:\n  python_version: "3.11"\nrun: "run.py:Runner"\nconcurrency:\n  max: 8\n',
    measure: async (url) => {
      const first = await predict(url, succeeded);
      await load(8, 10, () => predict(url, succeeded));
      const run = await load(8, 60, () => predict(url, succeeded));
      return [
        { name: 'async, 8 clients: first request', unit: 'ms', value: first.ms },
        ...loadFigures('async, 8 clients', run, 8),
      ];
    },
  },
  {
    label: 'streaming (SSE, 100 outputs)',
    predictor: STREAM,
    measure: async (url) => {
      const first = await streamOnce(url);
      await load(1, 5, () => streamOnce(url));
      const run = await load(1, 30, () => streamOnce(url));
      return [
        { name: 'streaming 100 outputs: first request', unit: 'ms', value: first.ms },
        { name: 'streaming 100 outputs: p50', unit: 'ms', value: percentile(run.latencies, 50) },
      ];
    },
  },
  bigOutputScenario('1 MB output', 1_000_000, 30),
  bigOutputScenario('64 MB output', 64_000_000, 3),
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function sessionFigures(runtime: Runtime, venv: OriginalVenv, scenario: Scenario) {
  current = runtime;
  const server = await startServer(runtime, venv, scenario);
  try {
    const figures: Figure[] = [
      { name: `${scenario.label}: start → READY`, unit: 'ms', value: server.readyMs },
      ...(await scenario.measure(server.url).catch((error: unknown) => {
        throw new Error(`${runtime}, ${scenario.label}: ${(error as Error).message}`);
      })),
    ];
    return [...figures, ...memoryFigures(scenario.label, server.child.pid as number)];
  } finally {
    await stopServer(server);
  }
}

function format(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

export async function sideBySide(): Promise<void> {
  if (!existsSync(path.join(root, 'dist', 'coglet.mjs')))
    throw new Error('dist/coglet.mjs is missing: run `npm run build` first');
  const venv = originalVenv();
  if ('skipped' in venv) {
    process.stdout.write(`side-by-side bench skipped: ${venv.skipped}\n`);
    return;
  }
  // One session of each, not counted: the first server of a run otherwise also pays for this
  // process's own cold start (its HTTP client), which made the first round's first request of
  // whichever runtime went first 2-3 times the others.
  for (const runtime of ['ours', 'original'] as const)
    await sessionFigures(runtime, venv, SYNC_SCENARIO);
  retries.ours = retries.original = 0;
  const samples = new Map<string, { unit: string; ours: number[]; original: number[] }>();
  for (let round = 0; round < ROUNDS; round++) {
    const order: Runtime[] = round % 2 === 0 ? ['ours', 'original'] : ['original', 'ours'];
    for (const scenario of scenarios) {
      if (ONLY && !ONLY.some((part) => scenario.label.includes(part))) continue;
      for (const runtime of order) {
        for (const figure of await sessionFigures(runtime, venv, scenario)) {
          const entry = samples.get(figure.name) ?? { unit: figure.unit, ours: [], original: [] };
          entry[runtime].push(figure.value);
          samples.set(figure.name, entry);
        }
      }
    }
    process.stderr.write(`round ${round + 1}/${ROUNDS} done\n`);
  }
  const header = ['measurement', 'unit', 'ours', 'original', 'cost ratio', ''];
  const rows = [...samples].map(([name, s]) => {
    const ours = median(s.ours);
    const original = median(s.original);
    const ratio = s.unit === 'req/s' ? original / ours : ours / original;
    return [
      name,
      s.unit,
      format(ours),
      format(original),
      ratio.toFixed(2),
      ratio <= 1 ? 'ok' : 'WORSE',
    ];
  });
  const table = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...table.map((row) => (row[i] as string).length)));
  process.stdout.write(
    `side by side, medians of ${ROUNDS} alternating rounds (cost ratio = ours / original; throughput: original / ours)\n`,
  );
  for (const [i, row] of table.entries()) {
    process.stdout.write(
      `${row.map((cell, c) => (c >= 2 && c <= 4 ? cell.padStart(widths[c] as number) : cell.padEnd(widths[c] as number))).join('  ')}\n`.trimEnd() +
        '\n',
    );
    if (i === 0) process.stdout.write(`${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  }
  process.stdout.write(
    `requests answered 409 (at capacity) and sent again: ours ${retries.ours}, original ${retries.original}\n`,
  );
}

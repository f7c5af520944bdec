// Test support (not shipped): starts the real runtime in-process on an ephemeral port with a
// predictor written to a temp directory, and offers small HTTP helpers. Used by *.test.ts only.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PredictionServiceOptions } from './prediction/prediction-service.ts';
import { parseRuntimeConfig } from './runtime-config.ts';
import { startRuntime, type RunningRuntime } from './runtime-server.ts';
import type { ServerLog } from './server-log.ts';

const PYTHON_SDK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../python');
/** The Node worker from source (Node strips the types), as COG_NODE_WORKER. */
export const NODE_WORKER_SOURCE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../node-worker/main.ts',
);
// The interpreter itself rather than a version-manager shim: faster worker starts.
const PYTHON = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
  encoding: 'utf8',
}).trim();

export interface TestRuntime {
  url: string;
  dir: string;
  runtime: RunningRuntime;
  close(): Promise<void>;
}

export interface TestRuntimeOptions {
  files: Record<string, string>;
  ref?: string;
  args?: string[];
  env?: Record<string, string>;
  service?: Partial<PredictionServiceOptions>;
  /** The server's own log lines; default: none. */
  log?: ServerLog;
  waitFor?: 'READY' | 'SETUP_FAILED' | 'none';
}

export async function startTestRuntime(options: TestRuntimeOptions): Promise<TestRuntime> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'coglet-test-'));
  for (const [name, text] of Object.entries(options.files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PYTHONPATH: PYTHON_SDK,
    COG_PYTHON: PYTHON,
    PORT: '0',
    COG_PREDICT_TYPE_STUB: options.ref ?? 'run.py:Runner',
    COG_NODE_WORKER: NODE_WORKER_SOURCE,
    // A TypeScript test predictor's staged schema goes to <dir>/.cog-schema/predict.json.
    COG_NODE_SCHEMA_DIR: path.join(dir, '.cog-schema'),
    ...options.env,
  };
  const config = parseRuntimeConfig(['--host', '127.0.0.1', ...(options.args ?? [])], env, null);
  const quiet = () => {};
  const runtime = await startRuntime({
    config,
    version: '0.0.0-test',
    cwd: dir,
    env,
    service: { mirror: quiet, log: quiet, ...options.service },
    log: options.log ?? { debug: quiet, info: quiet, warn: quiet, error: quiet },
  });
  const close = async () => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([runtime.shutdown(), new Promise((r) => (timer = setTimeout(r, 5000)))]);
    clearTimeout(timer);
    runtime.core.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  const target = options.waitFor ?? 'READY';
  const deadline = Date.now() + 20_000;
  while (
    target !== 'none' &&
    runtime.service.setup.status === 'STARTING' &&
    Date.now() < deadline
  ) {
    await new Promise((r) => setTimeout(r, 20));
  }
  if (target !== 'none' && runtime.service.setup.status !== target) {
    const logs = runtime.service.setup.logs;
    await close();
    throw new Error(`runtime did not reach ${target}: ${runtime.service.setup.status}\n${logs}`);
  }
  return { url: `http://127.0.0.1:${runtime.port}`, dir, runtime, close };
}

export interface JsonResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

export async function request(
  url: string,
  options: {
    method?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<JsonResponse> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const response = await fetch(url, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

export function predict(
  base: string,
  input: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  return request(`${base}/predictions`, { body: { input, ...extra }, headers });
}

/** Replace volatile fields (ids, timestamps, predict_time) so envelopes can be compared exactly. */
export function stable(envelope: unknown): Record<string, unknown> {
  const copy = structuredClone(envelope) as Record<string, unknown>;
  for (const key of ['created_at', 'started_at', 'completed_at']) {
    if (typeof copy[key] === 'string') {
      if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/.test(copy[key]))
        throw new Error(`bad timestamp ${copy[key]}`);
      copy[key] = '<time>';
    }
  }
  const metrics = copy.metrics as Record<string, unknown> | undefined;
  if (metrics && typeof metrics.predict_time === 'number') metrics.predict_time = '<seconds>';
  return copy;
}

export interface Receiver {
  url: string;
  requests: { method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer }[];
  /** Decide the reply per request; default 200 with an empty body. */
  reply: (
    req: http.IncomingMessage,
    body: Buffer,
  ) => { status: number; headers?: Record<string, string>; body?: string } | null;
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A local HTTP server that records every request (webhook receiver, upload target, file host). */
export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    requests: [],
    reply: () => ({ status: 200 }),
    waitFor: async (count, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (receiver.requests.length < count) {
        if (Date.now() > deadline)
          throw new Error(`expected ${count} requests, got ${receiver.requests.length}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      receiver.requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
      });
      const answer = receiver.reply(req, body);
      if (answer === null) return; // never answer
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}

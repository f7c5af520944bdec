// The Node worker under cog-runtime's file-based IPC (spec runtime.md §10.3), for parents that
// start `coglet-worker.mjs --ipc-url URL --working-dir DIR [--name NAME]`: config.json in,
// openapi.json, setup_result.json, ready, async_predict out; request-<id>.json and cancel-<id>
// polled every 100 ms; response-<id>-<epoch>.json written atomically (temp file + rename);
// READY/BUSY/OUTPUT POSTed to the IPC URL; `stop` exits 0, a failed setup exits 1, a config
// that never comes exits 255. Log lines of a prediction are tagged `[pid=<id>] `. The worker
// core is the same as inside our runtime; this module only translates its messages.
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isoTimestamp, nowMs } from '../runtime/prediction/timestamp.ts';
import type { WorkerMessage } from '../runtime/worker/worker-messages.ts';
import { componentNames, type OpenApiDocument } from '../contracts/openapi-document.ts';
import { resolveModuleName } from './predictor-module.ts';
import { NodeWorker } from './worker-core.ts';

export interface FileIpcOptions {
  ipcUrl: string;
  workingDir: string;
  name: string;
  schemaDir: string;
}

const POLL_MS = 100;
const CONFIG_POLL_MS = 10;
const CONFIG_WAIT_MS = 60_000;
const STALE = ['setup_result.json', 'stop', 'openapi.json', 'ready', 'async_predict'];

interface Pending {
  /** The request had a `webhook` key: write every intermediate state, not just the last. */
  async: boolean;
  epoch: number;
  outputs: unknown[];
  metrics: Record<string, unknown>;
  isStream: boolean;
}

export async function runFileIpcWorker(options: FileIpcOptions): Promise<never> {
  const dir = path.resolve(options.workingDir);
  process.chdir(dir);
  for (const name of STALE) rmSync(path.join(dir, name), { force: true });
  const config = await waitForConfig(dir);
  if (config === null) process.exit(255);
  const ipc = new IpcClient(options.ipcUrl, options.name);
  const pending = new Map<string, Pending>();
  let full = false;
  const worker: NodeWorker = new NodeWorker({
    dir,
    schemaDir: options.schemaDir,
    send: (message) => onMessage(message),
    fileRef: (absolutePath) => pathToFileURL(absolutePath).href,
    onLog: (id, stream, text) => {
      const tag = id === null ? '' : `[pid=${id}] `;
      const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
      worker.logs.original(stream)(lines.map((line) => `${tag}${line}\n`).join(''));
    },
  });
  const startedAt = isoTimestamp(nowMs());

  const onMessage = (message: WorkerMessage): void => {
    switch (message.type) {
      case 'schema':
        writeAtomically(dir, 'openapi.json', message.schema);
        return;
      case 'output': {
        const state = pending.get(message.id);
        if (!state) return;
        state.outputs.push(message.value);
        if (state.async)
          respond(message.id, state, { status: 'processing', output: state.outputs });
        return;
      }
      case 'metric': {
        const state = pending.get(message.id);
        if (state) mergeMetric(state.metrics, message.name, message.value, message.mode);
        return;
      }
      case 'done':
      case 'failed':
      case 'canceled':
        return finish(message);
      case 'load_failed':
      case 'setup_failed':
        worker.logs.original('stderr')(message.traceback || `${message.error}\n`);
        return;
      default:
        return; // ready/log/healthcheck: nothing to write under this protocol
    }
  };

  const respond = (id: string, state: Pending, body: Record<string, unknown>): void => {
    const withMetrics =
      Object.keys(state.metrics).length > 0 ? { ...body, metrics: state.metrics } : body;
    const epoch = String(state.epoch++).padStart(5, '0');
    writeAtomically(dir, `response-${id}-${epoch}.json`, withMetrics);
    ipc.post('OUTPUT');
  };

  const finish = (
    message: Extract<WorkerMessage, { type: 'done' | 'failed' | 'canceled' }>,
  ): void => {
    const state = pending.get(message.id);
    if (!state) return;
    const completed = { completed_at: isoTimestamp(nowMs()) };
    if (message.type === 'done') {
      const output = message.is_stream ? state.outputs : message.output;
      respond(message.id, state, { status: 'succeeded', output, ...completed });
    } else if (message.type === 'failed') {
      const output = state.isStream ? { output: state.outputs } : {};
      respond(message.id, state, {
        status: 'failed',
        ...output,
        error: message.error,
        ...completed,
      });
    } else {
      respond(message.id, state, { status: 'canceled', ...completed });
    }
    pending.delete(message.id);
    if (full && pending.size < config.maxConcurrency) {
      full = false;
      ipc.post('READY');
    }
  };

  worker.install();
  const failSetup = (): never => {
    writeSetupResult(dir, startedAt, 'failed');
    process.exit(1);
  };
  let file: string;
  try {
    file = resolveModuleName(dir, config.moduleName);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return failSetup();
  }
  if (!(await worker.load(file, config.predictorName, 'predict'))) return failSetup();
  if (!(await worker.setup())) return failSetup();
  writeSetupResult(dir, startedAt, 'succeeded');
  // Every Node prediction can be canceled through files (none blocks a signal handler).
  writeFileSync(path.join(dir, 'async_predict'), '');
  ipc.post('READY');
  writeFileSync(path.join(dir, 'ready'), '');
  const outputSchema = outputComponent(worker.document);
  for (;;) {
    const names = readdirSync(dir).sort();
    if (names.includes('stop')) {
      for (const id of pending.keys()) worker.cancel(id);
      worker.logs.flush(null);
      await ipc.idle();
      process.exit(0);
    }
    for (const name of names) {
      const cancel = /^cancel-(\S+)$/.exec(name);
      if (cancel?.[1] !== undefined) {
        rmSync(path.join(dir, name), { force: true });
        if (pending.has(cancel[1])) worker.cancel(cancel[1]);
        else process.stderr.write(`[coglet] cancel for unknown prediction ${cancel[1]}\n`);
        continue;
      }
      const request = /^request-(\S+)\.json$/.exec(name);
      if (request?.[1] === undefined || pending.has(request[1])) continue;
      const id = request[1];
      const body = readRequest(path.join(dir, name));
      rmSync(path.join(dir, name), { force: true });
      const state: Pending = {
        async: body !== null && 'webhook' in body,
        epoch: 0,
        outputs: [],
        metrics: {},
        isStream: outputSchema?.['x-cog-array-type'] === 'iterator',
      };
      pending.set(id, state);
      if (pending.size >= config.maxConcurrency && !full) {
        full = true;
        ipc.post('BUSY');
      }
      if (state.async) respond(id, state, { status: 'starting' });
      const input = checkInput(worker, id, body);
      if (typeof input === 'string') {
        finish({ type: 'failed', id, error: input, traceback: '' });
        continue;
      }
      const context = (body?.context ?? {}) as Record<string, string>;
      worker.predict({ type: 'predict', id, input, context });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

interface WorkerConfig {
  moduleName: string;
  predictorName: string;
  maxConcurrency: number;
}

async function waitForConfig(dir: string): Promise<WorkerConfig | null> {
  const file = path.join(dir, 'config.json');
  const deadline = Date.now() + CONFIG_WAIT_MS;
  while (Date.now() < deadline) {
    if (existsSync(file)) {
      try {
        const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
        rmSync(file, { force: true });
        return {
          moduleName: typeof raw.module_name === 'string' ? raw.module_name : 'predict',
          predictorName: typeof raw.predictor_name === 'string' ? raw.predictor_name : 'Predictor',
          maxConcurrency: Math.max(1, Number(raw.max_concurrency) || 1),
        };
      } catch {
        // half-written by the parent: read it again on the next poll
      }
    }
    await new Promise((resolve) => setTimeout(resolve, CONFIG_POLL_MS));
  }
  return null;
}

function readRequest(file: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The checks a file-IPC parent leaves to the worker (spec §9.3): defaults filled in, unknown
 * fields dropped with a warning, a missing required field fails the prediction.
 */
function checkInput(
  worker: NodeWorker,
  id: string,
  body: Record<string, unknown> | null,
): Record<string, unknown> | string {
  const input = body?.input;
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return 'request input must be an object';
  const schemas = (worker.document.components as OpenApiDocument | undefined)?.schemas as
    OpenApiDocument | undefined;
  const component = schemas?.[componentNames('predict').input] as OpenApiDocument | undefined;
  const properties = (component?.properties ?? {}) as Record<string, OpenApiDocument>;
  const required = (component?.required ?? []) as string[];
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (name in properties) result[name] = value;
    else
      worker.logs.original('stdout')(`[pid=${id}] WARNING unknown input field ignored: ${name}\n`);
  }
  for (const [name, property] of Object.entries(properties)) {
    if (!(name in result) && property.default !== undefined) result[name] = property.default;
  }
  const missing = required.find((name) => !(name in result));
  return missing === undefined ? result : `missing required input field: ${missing}`;
}

function outputComponent(document: OpenApiDocument): OpenApiDocument | undefined {
  const schemas = (document.components as OpenApiDocument | undefined)?.schemas as
    OpenApiDocument | undefined;
  return schemas?.[componentNames('predict').output] as OpenApiDocument | undefined;
}

function mergeMetric(
  metrics: Record<string, unknown>,
  name: string,
  value: unknown,
  mode: 'replace' | 'incr' | 'append',
): void {
  const current = metrics[name];
  if (mode === 'incr' && typeof value === 'number')
    metrics[name] = (typeof current === 'number' ? current : 0) + value;
  else if (mode === 'append') metrics[name] = [...(Array.isArray(current) ? current : []), value];
  else metrics[name] = value;
}

function writeSetupResult(dir: string, startedAt: string, status: 'succeeded' | 'failed'): void {
  writeAtomically(dir, 'setup_result.json', {
    started_at: startedAt,
    status,
    completed_at: isoTimestamp(nowMs()),
  });
}

/** Readers never see half a file: write beside it, then rename over it. */
function writeAtomically(dir: string, name: string, value: unknown): void {
  const temp = path.join(dir, `.${name}.${process.pid}.tmp`);
  writeFileSync(temp, JSON.stringify(value));
  renameSync(temp, path.join(dir, name));
}

/** The status callback; failures are only logged, as the original worker does. */
class IpcClient {
  readonly #url: string;
  readonly #name: string;
  #chain: Promise<void> = Promise.resolve();

  constructor(url: string, name: string) {
    this.#url = url;
    this.#name = name;
  }

  /** POSTs go out in order (READY must not overtake the BUSY before it). */
  post(status: 'READY' | 'BUSY' | 'OUTPUT'): void {
    const body = JSON.stringify({ name: this.#name, pid: process.pid, status });
    this.#chain = this.#chain.then(async () => {
      try {
        const response = await fetch(this.#url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body,
        });
        await response.arrayBuffer();
      } catch (error) {
        process.stderr.write(
          `[coglet] status ${status} to ${this.#url} failed: ${(error as Error).message}\n`,
        );
      }
    });
  }

  idle(): Promise<void> {
    return this.#chain;
  }
}

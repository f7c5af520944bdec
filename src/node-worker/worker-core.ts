// The Node worker, independent of its transport: loads the predictor, reports its schema, runs
// setup(), then runs predictions concurrently on the event loop, each in its own
// AsyncLocalStorage scope (logs and metrics are attributed to it) with an AbortSignal that a
// cancel aborts. It speaks in the pipe protocol's messages (docs/runtime-protocol.md); the
// pipe transport frames them, the file-IPC transport turns them into files.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Secret as BundledSecret } from '../../sdk/node/src/index.ts';
import type { ParentMessage, WorkerMessage } from '../runtime/worker/worker-messages.ts';
import { LogCapture } from './log-capture.ts';
import type {
  OpenApiDocument as JsonObject,
  PredictionMode,
} from '../contracts/openapi-document.ts';
import { componentNames } from '../contracts/openapi-document.ts';
import { encodeOutput, itemSchema, OutputEncodingError } from './output-encoding.ts';
import { loadPredictor, type LoadedPredictor } from './predictor-module.ts';
import { predictorSchema } from './predictor-schema.ts';
import { installWorkerHook, predictionScope } from './worker-hook.ts';

export interface NodeWorkerOptions {
  /** The predictor's directory (the process cwd). */
  dir: string;
  schemaDir: string;
  send(message: WorkerMessage): void;
  /** How a file output is referenced on this transport. */
  fileRef(absolutePath: string): unknown;
  /** Log lines: the pipe transport sends `log` frames, file IPC tags and prints them. */
  onLog?(id: string | null, stream: 'stdout' | 'stderr', text: string): void;
}

type PredictMessage = Extract<ParentMessage, { type: 'predict' }>;
type PredictBatchMessage = Extract<ParentMessage, { type: 'predict_batch' }>;
type BatchConfig = { max_size: number; max_wait_ms: number };

interface Running {
  controller: AbortController;
  /** Re-enter the prediction's scope (abort listeners then log to the prediction). */
  enter<T>(fn: () => T): T;
  finished: boolean;
  iterator: { return?: () => unknown } | null;
  promise: Promise<void>;
}

type SecretClass = new (value: string) => unknown;

const HEALTHCHECK_TIMEOUT_MS = 5000;

export class NodeWorker {
  readonly #options: NodeWorkerOptions;
  readonly logs: LogCapture;
  #predictor: LoadedPredictor | null = null;
  #document: JsonObject = {};
  #mode: PredictionMode = 'predict';
  #secret: SecretClass = BundledSecret;
  readonly #running = new Map<string, Running>();
  /** Batch calls in progress (`static batch`), for drain(). */
  readonly #batchCalls = new Set<Promise<void>>();

  constructor(options: NodeWorkerOptions) {
    this.#options = options;
    const onLog =
      options.onLog ?? ((id, stream, data) => options.send({ type: 'log', id, stream, data }));
    this.logs = new LogCapture(onLog);
  }

  get document(): JsonObject {
    return this.#document;
  }

  get runningCount(): number {
    return this.#running.size;
  }

  /** Capture console output and install the SDK hook; call once, before load(). */
  install(): void {
    this.logs.install();
    installWorkerHook();
  }

  /** Import the predictor and send `schema` (or `load_failed`); false on failure. */
  async load(file: string, name: string, mode: PredictionMode): Promise<boolean> {
    this.#mode = mode;
    try {
      const predictor = await loadPredictor({ dir: this.#options.dir, file, name, mode });
      this.#document = predictorSchema({
        schemaDir: this.#options.schemaDir,
        mode,
        file,
        module: predictor.module,
        exported: predictor.exported,
      });
      this.#predictor = predictor;
      const batch = batchConfig(predictor.exported);
      this.#secret = (await this.#userSecretClass()) ?? BundledSecret;
      if (predictor.deprecatedPredict)
        process.stderr.write(`${file}: ${name}.predict() is deprecated; use run() instead\n`);
      this.logs.flush(null);
      this.#options.send({
        type: 'schema',
        schema: this.#document,
        is_async: true,
        is_stream: this.#outputSchema()?.['x-cog-array-type'] === 'iterator',
        max_concurrency: null,
        has_healthcheck: predictor.healthcheck !== null,
        batch,
        sdk_version: null,
      });
      return true;
    } catch (error) {
      this.logs.flush(null);
      this.#options.send({ type: 'load_failed', error: oneLine(error), traceback: stackOf(error) });
      return false;
    }
  }

  /** Run setup() and send `ready` (or `setup_failed`); false on failure. */
  async setup(): Promise<boolean> {
    try {
      await this.#predictor?.setup?.();
      this.logs.flush(null);
      this.#options.send({ type: 'ready' });
      return true;
    } catch (error) {
      this.logs.flush(null);
      this.#options.send({
        type: 'setup_failed',
        error: oneLine(error),
        traceback: stackOf(error),
      });
      return false;
    }
  }

  predict(message: PredictMessage): void {
    if (this.#running.has(message.id)) return;
    const running: Running = {
      controller: new AbortController(),
      enter: (fn) => predictionScope.run(scope, fn),
      finished: false,
      iterator: null,
      promise: Promise.resolve(),
    };
    this.#running.set(message.id, running);
    const scope = {
      id: message.id,
      recordMetric: (name: string, value: unknown, mode: 'replace' | 'incr' | 'append') => {
        if (!running.finished)
          this.#options.send({ type: 'metric', id: message.id, name, value, mode });
      },
    };
    running.promise = running.enter(() => this.#run(message, running));
  }

  /** The prediction ends `canceled` now, whether or not the predictor heeds the signal. */
  cancel(id: string): void {
    const running = this.#running.get(id);
    if (!running || running.finished) return;
    running.enter(() => {
      running.controller.abort(new Error('canceled'));
      void Promise.resolve(running.iterator?.return?.()).catch(() => {});
    });
    this.#finish(id, running, { type: 'canceled', id });
  }

  async healthcheck(id: string): Promise<void> {
    const check = this.#predictor?.healthcheck;
    let result: WorkerMessage = { type: 'healthcheck_result', id, status: 'healthy' };
    try {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), HEALTHCHECK_TIMEOUT_MS);
      });
      const value = await Promise.race([Promise.resolve(check?.()), timeout]);
      clearTimeout(timer);
      if (value === 'timeout')
        result = unhealthy(id, 'user-defined healthcheck timed out after 5.0 seconds');
      else if (value === false) result = unhealthy(id, 'user-defined healthcheck returned False');
    } catch (error) {
      result = unhealthy(id, `${(error as Error)?.name ?? 'Error'}: ${oneLine(error)}`);
    }
    this.#options.send(result);
  }

  /**
   * One call of a batching predictor (`static batch`, docs/runtime-protocol.md `predict_batch`):
   * run() gets the array of inputs, its array of results is split into one terminal frame per
   * id (an Error in it fails only that prediction). Logs and metrics of the call go to the
   * batch id; the server gives them to every member. The server never cancels a member here.
   */
  predictBatch(message: PredictBatchMessage): void {
    const scope = {
      id: message.batch_id,
      recordMetric: (name: string, value: unknown, mode: 'replace' | 'incr' | 'append') =>
        this.#options.send({ type: 'metric', id: message.batch_id, name, value, mode }),
    };
    const call: Promise<void> = predictionScope
      .run(scope, () => this.#runBatch(message))
      .finally(() => this.#batchCalls.delete(call));
    this.#batchCalls.add(call);
  }

  /** Wait for the running predictions (shutdown). */
  async drain(): Promise<void> {
    await Promise.all([...this.#running.values()].map((r) => r.promise));
    await Promise.all([...this.#batchCalls]);
    this.logs.flush(null);
  }

  async #run(message: PredictMessage, running: Running): Promise<void> {
    const { id } = message;
    const predictor = this.#predictor;
    if (predictor === null) return;
    const encodeContext = {
      document: this.#document,
      cwd: this.#options.dir,
      fileRef: this.#options.fileRef,
    };
    try {
      const input = this.#withSecrets(message.input);
      const context = { signal: running.controller.signal, predictionId: id };
      const result = await predictor.run(input, context);
      if (running.finished) return;
      const iterable = asIterable(result);
      if (iterable === null) {
        const output = encodeOutput(result, this.#outputSchema(), encodeContext);
        this.#finish(id, running, { type: 'done', id, output, is_stream: false });
        return;
      }
      running.iterator = iterable as { return?: () => unknown };
      const items = itemSchema(this.#outputSchema(), this.#document);
      for await (const item of iterable) {
        if (running.finished) return;
        const value = encodeOutput(item, items, encodeContext);
        this.logs.flush(id);
        this.#options.send({ type: 'output', id, value });
      }
      this.#finish(id, running, { type: 'done', id, is_stream: true });
    } catch (error) {
      if (running.finished) return;
      if (running.controller.signal.aborted)
        return this.#finish(id, running, { type: 'canceled', id });
      const traceback = error instanceof OutputEncodingError ? '' : stackOf(error);
      this.#finish(id, running, { type: 'failed', id, error: errorText(error), traceback });
    }
  }

  async #runBatch(message: PredictBatchMessage): Promise<void> {
    const predictor = this.#predictor;
    if (predictor === null) return;
    const { ids } = message;
    let terminals: WorkerMessage[];
    try {
      const inputs = message.inputs.map((input) => this.#withSecrets(input));
      const context = { signal: new AbortController().signal, predictionId: message.batch_id };
      const result = await predictor.run(inputs as unknown as Record<string, unknown>, context);
      terminals = this.#splitBatch(ids, result);
    } catch (error) {
      const traceback = stackOf(error);
      terminals = ids.map((id) => ({ type: 'failed', id, error: errorText(error), traceback }));
    }
    this.logs.flush(message.batch_id);
    for (const terminal of terminals) this.#options.send(terminal);
  }

  #splitBatch(ids: readonly string[], result: unknown): WorkerMessage[] {
    if (!Array.isArray(result) || result.length !== ids.length) {
      const got = Array.isArray(result) ? `${result.length} results` : typeof result;
      const error = `a batching run() must return an array with one result per input: ${ids.length} inputs, got ${got}`;
      return ids.map((id) => ({ type: 'failed', id, error, traceback: '' }));
    }
    const encodeContext = {
      document: this.#document,
      cwd: this.#options.dir,
      fileRef: this.#options.fileRef,
    };
    return ids.map((id, i): WorkerMessage => {
      const item: unknown = result[i];
      try {
        if (item instanceof Error) throw item;
        const output = encodeOutput(item, this.#outputSchema(), encodeContext);
        return { type: 'done', id, output, is_stream: false };
      } catch (error) {
        const traceback = error instanceof OutputEncodingError ? '' : stackOf(error);
        return { type: 'failed', id, error: errorText(error), traceback };
      }
    });
  }

  #finish(id: string, running: Running, terminal: WorkerMessage): void {
    if (running.finished) return;
    running.finished = true;
    this.#running.delete(id);
    this.logs.flush(id);
    this.#options.send(terminal);
  }

  #outputSchema(): JsonObject | undefined {
    const schemas = (this.#document.components as JsonObject | undefined)?.schemas as
      JsonObject | undefined;
    return schemas?.[componentNames(this.#mode).output] as JsonObject | undefined;
  }

  /** Secret inputs arrive as strings; the predictor gets Secret objects (also inside lists). */
  #withSecrets(input: Record<string, unknown>): Record<string, unknown> {
    const schemas = (this.#document.components as JsonObject | undefined)?.schemas as
      JsonObject | undefined;
    const component = schemas?.[componentNames(this.#mode).input] as JsonObject | undefined;
    const properties = (component?.properties ?? {}) as Record<string, JsonObject>;
    const result = { ...input };
    for (const [name, property] of Object.entries(properties)) {
      const value = result[name];
      if (property['x-cog-secret'] === true && typeof value === 'string')
        result[name] = new this.#secret(value);
      const items = property.items as JsonObject | undefined;
      if (items?.['x-cog-secret'] === true && Array.isArray(value))
        result[name] = value.map((v) => (typeof v === 'string' ? new this.#secret(v) : v));
    }
    return result;
  }

  /** The user's own cog-sdk (so `instanceof Secret` holds in their code), when it resolves. */
  async #userSecretClass(): Promise<SecretClass | undefined> {
    try {
      const resolved = createRequire(path.join(this.#options.dir, 'package.json')).resolve(
        'cog-sdk',
      );
      const sdk = (await import(pathToFileURL(resolved).href)) as { Secret?: unknown };
      return typeof sdk.Secret === 'function' ? (sdk.Secret as SecretClass) : undefined;
    } catch {
      return undefined;
    }
  }
}

/** `static batch = { maxSize, maxWaitMs }` on the predictor class, checked; null without one. */
function batchConfig(exported: unknown): BatchConfig | null {
  const batch = (exported as { batch?: unknown } | null)?.batch;
  if (batch === undefined || batch === null) return null;
  const { maxSize, maxWaitMs } = batch as { maxSize?: unknown; maxWaitMs?: unknown };
  if (typeof maxSize !== 'number' || !Number.isInteger(maxSize) || maxSize < 1)
    throw new Error('static batch: maxSize must be an integer of at least 1');
  if (typeof maxWaitMs !== 'number' || !Number.isFinite(maxWaitMs) || maxWaitMs < 0)
    throw new Error('static batch: maxWaitMs must be a number of milliseconds, at least 0');
  return { max_size: maxSize, max_wait_ms: maxWaitMs };
}

function asIterable(value: unknown): AsyncIterable<unknown> | Iterable<unknown> | null {
  if (value === null || typeof value !== 'object') return null;
  if (typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function')
    return value as AsyncIterable<unknown>;
  const iterable = value as Iterable<unknown> & { next?: unknown };
  if (
    !Array.isArray(value) &&
    typeof iterable[Symbol.iterator] === 'function' &&
    typeof iterable.next === 'function'
  )
    return iterable;
  return null;
}

function unhealthy(id: string, reason: string): WorkerMessage {
  return {
    type: 'healthcheck_result',
    id,
    status: 'unhealthy',
    error: `Healthcheck failed: ${reason}`,
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function oneLine(error: unknown): string {
  return errorText(error).split('\n')[0] ?? '';
}

function stackOf(error: unknown): string {
  return error instanceof Error && error.stack ? `${error.stack}\n` : `${String(error)}\n`;
}

// Prediction state of the runtime: the worker's lifecycle as seen from the server (schema,
// setup, crash), the slots, and every in-flight prediction from validation to its terminal
// state (input files, worker messages, output files, webhooks). Owns no sockets and no
// transport: an adapter (HTTP, src/runtime/http) calls `create`/`cancel`/`health`/
// `whenSlotFree`, the worker session feeds `onWorker*`. Language-specific policy (how a cancel
// reaches a sync Python predictor) lives behind the WorkerPort.
import { randomBytes } from '../random-bytes.ts';
import {
  invalidDataUris,
  prepareInputFiles,
  type DownloadOptions,
  type PreparedInput,
} from '../files/input-files.ts';
import { resolveOutputFiles, type OutputFileOptions } from '../files/output-files.ts';
import { WebhookSender, type WebhookOptions } from '../webhook/webhook-sender.ts';
import { describeWorkerExit, diedOfOom } from '../worker/oom-kills.ts';
import type { OpenApiDocument, ParentMessage, WorkerMessage } from '../worker/worker-messages.ts';
import { EarlyCancels } from './early-cancels.ts';
import { componentSchemas, InputValidator } from './input-validator.ts';
import {
  Prediction,
  WEBHOOK_EVENTS,
  withoutNulls,
  type PredictionKind,
  type WebhookEvent,
} from './prediction.ts';
import { AtCapacityError, InvalidInputError, NotReadyError } from './service-errors.ts';
import { invalidIdMessage, isPredictionId } from './prediction-id.ts';
import { SetupState, type HealthBody } from './setup-state.ts';
import { UserHealthcheck } from './user-healthcheck.ts';

export interface WorkerPort {
  send(message: ParentMessage): void;
  /** Deliver a cancel to a dispatched prediction, however this worker's language needs it. */
  cancel(id: string): void;
  kill(): void;
  /** Why this worker cannot serve predictions with `slots` slots, or null when it can. */
  admissionProblem(
    schema: Extract<WorkerMessage, { type: 'schema' }>,
    slots: number,
  ): string | null;
  /** "the Python worker", for log lines. */
  readonly description: string;
}

export interface PredictionServiceOptions {
  version: string;
  /** Slots configured by COG_MAX_CONCURRENCY or cog.yaml; null = the predictor's @concurrent or 1. */
  maxConcurrency: number | null;
  download: DownloadOptions;
  outputs: OutputFileOptions;
  webhook: WebhookOptions;
  historyCapacity: number;
  healthcheckTimeoutMs: number;
  /** Everything the worker prints, mirrored to the server's own output. */
  mirror(stream: 'stdout' | 'stderr', text: string): void;
  log(message: string): void;
  onReady(): void;
  /** The container cgroup's OOM-kill counter (oom-kills.ts); undefined where there is none. */
  oomKills?: () => number | undefined;
}

export interface CreateRequest {
  id?: string;
  input: unknown;
  webhook?: string | null;
  webhookEvents?: WebhookEvent[] | null;
  context?: Record<string, string> | null;
  createdAt?: string | null;
  traceHeaders?: Record<string, string>;
}

interface Running {
  prediction: Prediction;
  dispatched: boolean;
  chain: Promise<void>;
  outputFailure: string | null;
  /** The validated input as the worker gets it (the prediction's `input` masks secrets). */
  input: Record<string, unknown>;
  /** Removes the downloaded input files; run before the prediction turns terminal. */
  cleanup: () => Promise<void>;
}

export class PredictionService {
  readonly setup: SetupState;
  readonly #worker: WorkerPort;
  readonly #options: PredictionServiceOptions;
  #schema: OpenApiDocument | null = null;
  #hasHealthcheck = true;
  #slots = 1;
  readonly #validators = new Map<PredictionKind, InputValidator>();
  readonly #running = new Map<string, Running>();
  readonly #earlyCancels = new EarlyCancels({ ttlMs: 30_000 });
  #shuttingDown = false;
  #slotWaiters: Array<() => void> = [];
  readonly #healthcheck: UserHealthcheck;
  /** The OOM-kill counter when the worker started; an increase by its death means memory ran out. */
  readonly #oomKillsAtStart: number | undefined;

  constructor(worker: WorkerPort, options: PredictionServiceOptions) {
    this.#worker = worker;
    this.#options = options;
    this.#oomKillsAtStart = options.oomKills?.();
    this.setup = new SetupState(options.version);
    this.#healthcheck = new UserHealthcheck(
      (id) => worker.send({ type: 'healthcheck', id }),
      options.healthcheckTimeoutMs,
    );
  }

  get schema(): OpenApiDocument | null {
    return this.#schema;
  }

  get slots(): { max: number; current: number } {
    return { max: this.#slots, current: this.#running.size };
  }

  /** `x-cog-streaming` on the predictions operation of the schema enables SSE (spec §5.3). */
  get streaming(): boolean {
    const paths = this.#schema?.paths as
      Record<string, Record<string, Record<string, unknown>>> | undefined;
    return paths?.['/predictions']?.post?.['x-cog-streaming'] === true;
  }

  get hasTrainingSchema(): boolean {
    return this.#schema !== null && 'TrainingInput' in componentSchemas(this.#schema);
  }

  /**
   * Resolves as soon as a slot is free, i.e. when `create` would not throw AtCapacityError (a
   * pull-based adapter waits here before it takes the next job; HTTP answers 409 instead).
   */
  whenSlotFree(): Promise<void> {
    if (this.#running.size < this.#slots) return Promise.resolve();
    return new Promise((resolve) => this.#slotWaiters.push(resolve));
  }

  get(id: string): Prediction | undefined {
    return this.#running.get(id)?.prediction;
  }

  // ---- requests -------------------------------------------------------------------------

  /** Start a prediction, or return the one already in flight under the same id. */
  create(
    kind: PredictionKind,
    request: CreateRequest,
  ): { prediction: Prediction; existing: boolean } {
    // The HTTP layer checks ids too; this keeps any other caller from letting one reach a header.
    if (request.id !== undefined && !isPredictionId(request.id))
      throw new InvalidInputError([
        { loc: ['body', 'id'], msg: invalidIdMessage(kind), type: 'value_error' },
      ]);
    const existing = request.id !== undefined ? this.get(request.id) : undefined;
    if (existing) return { prediction: existing, existing: true };
    if (this.#shuttingDown) throw new NotReadyError('shutting_down');
    if (this.setup.status !== 'READY') {
      const reasons = {
        STARTING: 'starting',
        SETUP_FAILED: 'setup_failed',
        DEFUNCT: 'defunct',
      } as const;
      throw new NotReadyError(reasons[this.setup.status]);
    }
    const validator = this.#validator(kind);
    const result = validator.validate(request.input ?? {});
    if (!result.ok) throw new InvalidInputError(result.detail);
    const badFiles = invalidDataUris(result.input, validator.properties);
    if (badFiles.length > 0)
      throw new InvalidInputError(
        badFiles.map((bad) => ({
          loc: ['body', 'input', bad.pointer],
          msg: bad.message,
          type: 'value_error',
        })),
      );
    if (this.#running.size >= this.#slots) throw new AtCapacityError();
    if (result.stripped.length > 0)
      this.#options.log(`ignoring unknown input fields: ${result.stripped.join(', ')}`);
    const prediction = new Prediction({
      id: request.id ?? newPredictionId(),
      kind,
      input: validator.maskSecrets(result.input),
      webhook: request.webhook ?? null,
      webhookEvents: new Set(request.webhookEvents ?? WEBHOOK_EVENTS),
      context: request.context ?? {},
      createdAt: request.createdAt ?? null,
      traceHeaders: request.traceHeaders ?? {},
      historyCapacity: this.#options.historyCapacity,
    });
    const running: Running = {
      prediction,
      dispatched: false,
      chain: Promise.resolve(),
      outputFailure: null,
      input: result.input,
      cleanup: async () => {},
    };
    prediction.cancelRequested = this.#earlyCancels.take(prediction.id);
    this.#running.set(prediction.id, running);
    this.#attachWebhook(prediction);
    void this.#run(running, validator);
    return { prediction, existing: false };
  }

  /**
   * Request cancellation; false if no prediction with that id is in flight. A cancel for an id
   * not seen yet is remembered and applied if that prediction is created shortly after.
   */
  cancel(id: string): boolean {
    const running = this.#running.get(id);
    if (!running) {
      if (isPredictionId(id)) this.#earlyCancels.remember(id);
      return false;
    }
    const first = !running.prediction.cancelRequested;
    running.prediction.cancelRequested = true;
    if (running.dispatched && first) this.#worker.cancel(id);
    return true;
  }

  async health(): Promise<HealthBody> {
    const check = this.setup.status === 'READY' && this.#hasHealthcheck;
    const userError = check ? await this.#healthcheck.check() : null;
    return this.setup.body(this.slots, userError);
  }

  /** Stop accepting predictions and wait for the running ones to finish. */
  async drain(): Promise<void> {
    this.#shuttingDown = true;
    await Promise.all([...this.#running.values()].map((r) => r.prediction.done));
  }

  // ---- worker side ------------------------------------------------------------------------

  onWorkerMessage(message: WorkerMessage): void {
    switch (message.type) {
      case 'schema':
        return this.#onSchema(message);
      case 'load_failed':
      case 'setup_failed':
        return this.#failSetup(message.error, message.traceback);
      case 'ready':
        this.setup.succeed();
        if (this.setup.status === 'READY') this.#options.onReady();
        return;
      case 'log':
        return this.#onLog(message.id, message.stream, message.data);
      case 'healthcheck_result':
        this.#healthcheck.answered(
          message.id,
          message.status === 'healthy' ? null : (message.error ?? 'Healthcheck failed'),
        );
        return;
      default:
        return this.#onPredictionMessage(message);
    }
  }

  /** fd 1/2 output of the worker (C extensions, subprocesses). */
  onWorkerOutput(stream: 'stdout' | 'stderr', text: string): void {
    this.#options.mirror(stream, text);
    if (this.setup.status === 'STARTING') return this.setup.appendLog(text);
    const dispatched = [...this.#running.values()].filter((r) => r.dispatched);
    const running = dispatched.length === 1 ? dispatched[0] : undefined;
    if (running)
      running.chain = running.chain.then(() => running.prediction.appendLog(stream, text));
  }

  onWorkerExit(code: number | null, signal: string | null): void {
    const oom = diedOfOom(code, signal, this.#oomKillsAtStart, this.#options.oomKills?.());
    const how = describeWorkerExit(code, signal, oom);
    if (this.setup.status === 'STARTING') {
      this.#failSetup(`Worker exited during setup (${how})`);
    } else if (this.setup.status === 'READY' && !this.#shuttingDown) {
      this.setup.defunct();
      this.#options.log(`${this.#worker.description} exited (${how}); the server is DEFUNCT`);
    }
    for (const running of this.#running.values()) {
      void this.#finish(running, 'failed', { error: `Worker crashed (${how})` });
    }
    this.#healthcheck.failAll('Healthcheck error: Worker crashed');
  }

  /** Setup took longer than COG_SETUP_TIMEOUT; the caller kills the worker. */
  setupTimedOut(seconds: number): void {
    this.#failSetup(`Setup timed out after ${seconds} seconds`);
  }

  // ---- internals --------------------------------------------------------------------------

  #onSchema(message: Extract<WorkerMessage, { type: 'schema' }>): void {
    this.#schema = message.schema;
    this.#hasHealthcheck = message.has_healthcheck !== false;
    this.setup.pythonVersion = message.python_version;
    this.setup.sdkVersion = message.sdk_version ?? undefined;
    this.#slots = Math.max(1, this.#options.maxConcurrency ?? message.max_concurrency ?? 1);
    const problem = this.#worker.admissionProblem(message, this.#slots);
    if (problem !== null) {
      this.#failSetup(problem);
      this.#worker.kill();
    } else {
      this.#prepareValidators();
    }
    this.#wakeSlotWaiters();
  }

  /**
   * Compiles the input validators now, while the worker runs setup(), and runs each once on its
   * schema's example input, so the first prediction does not pay for compiling (tens of ms).
   */
  #prepareValidators(): void {
    const schemas = componentSchemas(this.#schema ?? {});
    const kinds: PredictionKind[] =
      'TrainingInput' in schemas ? ['prediction', 'training'] : ['prediction'];
    for (const kind of kinds) {
      try {
        this.#validator(kind).warm();
      } catch {
        // A schema the validator cannot compile (a bad `pattern`) fails each request, as before.
        this.#validators.delete(kind);
      }
    }
  }

  /**
   * The first setup failure wins. Its detail (the traceback when there is one) goes to the
   * `/health-check` body and to the server's stderr, where `docker logs` readers look for it.
   */
  #failSetup(error: string, traceback = ''): void {
    if (this.setup.status !== 'STARTING') return;
    this.#options.log(`setup failed${traceback ? '' : `: ${error}`}`);
    if (traceback) this.#options.mirror('stderr', traceback);
    this.setup.fail(traceback || error);
  }

  #validator(kind: PredictionKind): InputValidator {
    let validator = this.#validators.get(kind);
    if (!validator) {
      const schemas = componentSchemas(this.#schema ?? {});
      // A worker in train mode only has TrainingInput; it runs train() for /predictions too.
      const wantsTraining = kind === 'training' || !('Input' in schemas);
      const component = wantsTraining && 'TrainingInput' in schemas ? 'TrainingInput' : 'Input';
      validator = new InputValidator(this.#schema ?? {}, component);
      this.#validators.set(kind, validator);
    }
    return validator;
  }

  #attachWebhook(prediction: Prediction): void {
    if (!prediction.webhook) return;
    const sender = new WebhookSender(
      prediction.webhook,
      prediction.webhookEvents,
      prediction.traceHeaders,
      this.#options.webhook,
    );
    prediction.subscribe((event) => {
      const name: WebhookEvent | null =
        event.type === 'log' ? 'logs' : event.type === 'metric' ? null : event.type;
      if (name !== null) void sender.send(name, withoutNulls(prediction.envelope()));
    });
  }

  async #run(running: Running, validator: InputValidator): Promise<void> {
    const prediction = running.prediction;
    await Promise.resolve(); // the caller answers `starting` (202) before processing begins
    prediction.start();
    let prepared: PreparedInput;
    try {
      prepared = await prepareInputFiles(
        running.input,
        validator.properties,
        this.#options.download,
      );
    } catch (error) {
      return this.#finish(running, 'failed', {
        error: `Input validation error: ${(error as Error).message}`,
      });
    }
    running.cleanup = prepared.cleanup;
    if (prediction.cancelRequested) return this.#finish(running, 'canceled');
    if (this.setup.status !== 'READY')
      return this.#finish(running, 'failed', { error: 'Worker crashed' });
    running.dispatched = true;
    this.#worker.send({
      type: 'predict',
      id: prediction.id,
      input: prepared.input,
      context: prediction.context,
    });
  }

  #onLog(id: string | null, stream: 'stdout' | 'stderr', data: string): void {
    this.#options.mirror(stream, data);
    if (id === null) {
      if (this.setup.status === 'STARTING') this.setup.appendLog(data);
      return;
    }
    const running = this.#running.get(id);
    if (!running) return;
    // Through the prediction's chain, behind any output still being resolved, so logs, metrics
    // and outputs reach webhooks and SSE in the order the worker sent them.
    running.chain = running.chain.then(() => running.prediction.appendLog(stream, data));
  }

  #onPredictionMessage(
    message: Exclude<
      WorkerMessage,
      { type: 'schema' | 'load_failed' | 'setup_failed' | 'ready' | 'log' | 'healthcheck_result' }
    >,
  ): void {
    const running = this.#running.get(message.id);
    if (!running) return;
    const prediction = running.prediction;
    const outputs = this.#options.outputs;
    switch (message.type) {
      case 'metric':
        running.chain = running.chain.then(() =>
          prediction.recordMetric(message.name, message.value, message.mode),
        );
        return;
      case 'output':
        running.chain = running.chain.then(async () => {
          if (running.outputFailure !== null) return;
          try {
            prediction.appendChunk(await resolveOutputFiles(message.value, prediction.id, outputs));
          } catch (error) {
            running.outputFailure = (error as Error).message;
          }
        });
        return;
      case 'done':
        running.chain = running.chain.then(async () => {
          if (running.outputFailure !== null)
            return this.#finish(running, 'failed', { error: running.outputFailure });
          if (message.is_stream)
            return this.#finish(running, 'succeeded', { output: prediction.chunks ?? [] });
          try {
            const output = await resolveOutputFiles(message.output ?? null, prediction.id, outputs);
            this.#finish(running, 'succeeded', { output });
          } catch (error) {
            this.#finish(running, 'failed', { error: (error as Error).message });
          }
        });
        return;
      case 'failed': {
        const traceback = message.traceback;
        if (traceback) this.#options.mirror('stderr', traceback);
        running.chain = running.chain.then(() => {
          if (traceback) prediction.appendLog('stderr', traceback);
          return this.#finish(running, 'failed', { error: message.error });
        });
        return;
      }
      case 'canceled':
        running.chain = running.chain.then(() => this.#finish(running, 'canceled'));
        return;
    }
  }

  async #finish(
    running: Running,
    status: 'succeeded' | 'failed' | 'canceled',
    fields: { output?: unknown; error?: string } = {},
  ): Promise<void> {
    if (this.#running.get(running.prediction.id) !== running) return;
    this.#running.delete(running.prediction.id);
    this.#earlyCancels.finished(running.prediction.id);
    this.#wakeSlotWaiters();
    await running
      .cleanup()
      .catch((error: Error) => this.#options.log(`cannot remove input files: ${error.message}`));
    running.prediction.finish(status, fields);
  }

  #wakeSlotWaiters(): void {
    while (this.#slotWaiters.length > 0 && this.#running.size < this.#slots)
      this.#slotWaiters.shift()?.();
  }
}

const BASE32 = '0123456789abcdefghjkmnpqrstvwxyz';

/** 26 characters of lower-case Crockford-style base32, like the ids clients are told to send. */
export function newPredictionId(): string {
  const bytes = randomBytes(26);
  let id = '';
  for (const byte of bytes) id += BASE32[byte & 31];
  return id;
}

// Prediction state of the runtime: the worker's lifecycle as seen from the server (schema,
// setup, crash), the slots, and every in-flight prediction from validation to its terminal
// state (input files, worker messages, output files, webhooks). Owns no sockets and no
// transport: an adapter (HTTP, src/runtime/http) calls `create`/`cancel`/`health`/
// `whenSlotFree`, the worker session feeds `onWorker*`. Language-specific policy (how a cancel
// reaches a sync Python predictor) lives behind the WorkerPort.
import type { OpenApiDocument } from '../../contracts/openapi-document.ts';
import { randomBytes } from '../random-bytes.ts';
import {
  invalidDataUris,
  prepareInputFiles,
  type DownloadOptions,
  type PreparedInput,
} from '../files/input-files.ts';
import { resolveOutputFiles, type OutputFileOptions } from '../files/output-files.ts';
import type { HealthBody } from '../../contracts/health-check.ts';
import type { LogFields, LogMethod } from '../server-log.ts';
import { WebhookSender, type WebhookOptions } from '../webhook/webhook-sender.ts';
import { describeWorkerExit, diedOfOom } from '../worker/oom-kills.ts';
import type { ParentMessage, WorkerMessage } from '../worker/worker-messages.ts';
import { EarlyCancels } from './early-cancels.ts';
import { componentSchemas, InputValidator } from './input-validator.ts';
import {
  WEBHOOK_EVENTS,
  type TerminalStatus,
  type WebhookEvent,
} from '../../contracts/prediction-envelope.ts';
import { Prediction, withoutNulls, type PredictionKind } from './prediction.ts';
import { AtCapacityError, InvalidInputError, NotReadyError } from './service-errors.ts';
import { invalidIdMessage, isPredictionId } from './prediction-id.ts';
import { PredictionQueue } from './prediction-queue.ts';
import { BatchCollector } from './batch-collector.ts';
import { BatchPolicy } from './batch-policy.ts';
import { NO_OBSERVER, type ServiceObserver } from './service-observer.ts';
import { SetupState } from './setup-state.ts';
import { UserHealthcheck } from './user-healthcheck.ts';
import { WorkerWarmUp } from './worker-warm-up.ts';

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
  /** Lifecycle lines (setup, predictions) at debug level, as the original's server logs them. */
  debug?: LogMethod;
  onReady(): void;
  /** The container cgroup's OOM-kill counter (oom-kills.ts); undefined where there is none. */
  oomKills?: () => number | undefined;
  /** COG_QUEUE_SIZE / COG_QUEUE_TIMEOUT; absent or size 0 = refuse with AtCapacityError. */
  queue?: { size: number; timeoutMs: number | null };
  /** Counts for /metrics; a no-op when absent. */
  observer?: ServiceObserver;
  /**
   * `warmup` round trips after setup, before READY (worker-warm-up.ts); none when absent.
   * `settle` runs after them, just before READY (the runtime collects setup's garbage there).
   */
  warmUp?: { rounds: number; timeoutMs: number; settle?: () => void };
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
  validator: InputValidator;
  /** Waiting in the queue for a slot (not yet counted in `slots.current`). */
  queued: boolean;
  /** Resolves true once it has a slot (or ended some other way), false on a queue timeout. */
  admission: Promise<boolean>;
  admit: (admitted: boolean) => void;
  dispatched: boolean;
  chain: Promise<void>;
  outputFailure: string | null;
  /** The validated input as the worker gets it (the prediction's `input` masks secrets). */
  input: Record<string, unknown>;
  /** Removes the downloaded input files; run before the prediction turns terminal. */
  cleanup: () => Promise<void>;
  /** The batch it was sent in (`@cog.batch`), once dispatched. */
  batchId?: string;
}

/** A batch the worker is running: who is in it and whose answer is still due. */
interface RunningBatch {
  members: Running[];
  awaiting: Set<string>;
  startedAt: number;
}

interface BatchItem {
  running: Running;
  input: Record<string, unknown>;
}

export class PredictionService {
  #setup: SetupState;
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
  readonly #queue: PredictionQueue<Running>;
  readonly #observer: ServiceObserver;
  readonly #healthcheck: UserHealthcheck;
  readonly #warmUp: WorkerWarmUp | null;
  /** The OOM-kill counter when the worker started; an increase by its death means memory ran out. */
  #oomKillsAtStart: number | undefined;
  /** A reload (cog serve --watch) is replacing the worker: nothing new is dispatched. */
  #reloading = false;
  #acceptWaiters: Array<() => void> = [];
  /** Only for a `@cog.batch` predictor. */
  #batcher: BatchCollector<BatchItem> | null = null;
  readonly #batches = new Map<string, RunningBatch>();
  #batchCount = 0;

  constructor(worker: WorkerPort, options: PredictionServiceOptions) {
    this.#worker = worker;
    this.#options = options;
    this.#oomKillsAtStart = options.oomKills?.();
    this.#setup = new SetupState(options.version);
    this.#observer = options.observer ?? NO_OBSERVER;
    this.#queue = new PredictionQueue(
      { capacity: options.queue?.size ?? 0, timeoutMs: options.queue?.timeoutMs ?? null },
      (running, waitedMs) => this.#queueTimedOut(running, waitedMs),
    );
    this.#healthcheck = new UserHealthcheck(
      (id) => worker.send({ type: 'healthcheck', id }),
      options.healthcheckTimeoutMs,
    );
    const warmUp = options.warmUp;
    this.#warmUp =
      warmUp && warmUp.rounds > 0
        ? new WorkerWarmUp((id) => worker.send({ type: 'warmup', id }), warmUp)
        : null;
  }

  get setup(): SetupState {
    return this.#setup;
  }

  get reloading(): boolean {
    return this.#reloading;
  }

  get schema(): OpenApiDocument | null {
    return this.#schema;
  }

  get slots(): { max: number; current: number } {
    return { max: this.#slots, current: this.#running.size };
  }

  /** Predictions waiting for a slot, and how many may wait (0 = no queue). */
  get queue(): { max: number; current: number } {
    return { max: this.#queue.capacity, current: this.#queue.size };
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
    if (this.#slotFree()) return Promise.resolve();
    return new Promise((resolve) => this.#slotWaiters.push(resolve));
  }

  get(id: string): Prediction | undefined {
    return (this.#running.get(id) ?? this.#queue.get(id))?.prediction;
  }

  // ---- requests -------------------------------------------------------------------------

  /**
   * Start a prediction, or return the one already in flight under the same id. With every slot
   * busy it waits in the queue when there is room (`admission` resolves once it has a slot, or
   * false when it timed out there and failed), else AtCapacityError.
   */
  create(
    kind: PredictionKind,
    request: CreateRequest,
  ): { prediction: Prediction; existing: boolean; admission: Promise<boolean> } {
    // The HTTP layer checks ids too; this keeps any other caller from letting one reach a header.
    if (request.id !== undefined && !isPredictionId(request.id))
      throw new InvalidInputError([
        { loc: ['body', 'id'], msg: invalidIdMessage(kind), type: 'value_error' },
      ]);
    const known = request.id !== undefined ? this.#find(request.id) : undefined;
    if (known) return { prediction: known.prediction, existing: true, admission: known.admission };
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
    const mustQueue = !this.#slotFree();
    if (mustQueue && this.#queue.full) throw new AtCapacityError();
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
    let admit!: (admitted: boolean) => void;
    const admission = new Promise<boolean>((resolve) => (admit = resolve));
    const running: Running = {
      prediction,
      validator,
      queued: mustQueue,
      admission,
      admit,
      dispatched: false,
      chain: Promise.resolve(),
      outputFailure: null,
      input: result.input,
      cleanup: async () => {},
    };
    prediction.cancelRequested = this.#earlyCancels.take(prediction.id);
    this.#attachWebhook(prediction);
    if (mustQueue) this.#queue.push(prediction.id, running);
    else this.#occupySlot(running, 0);
    return { prediction, existing: false, admission };
  }

  /**
   * Request cancellation. True (accepted) for a prediction in flight and, idempotently, for one
   * that finished within the last 10 minutes (nothing changes: its terminal status stands);
   * false for an unknown id, which is remembered and applied if that prediction is created
   * shortly after (early-cancels.ts).
   */
  cancel(id: string): boolean {
    const queued = this.#queue.remove(id);
    if (queued) {
      queued.prediction.cancelRequested = true;
      void this.#finish(queued, 'canceled');
      return true;
    }
    const batched = this.#running.get(id);
    if (batched && (batched.batchId !== undefined || this.#batcher?.remove(id) === true)) {
      // One call runs the whole batch, so one member cannot be interrupted: it ends canceled
      // now and the worker's answer for it is dropped; the others are not disturbed.
      batched.prediction.cancelRequested = true;
      void this.#finish(batched, 'canceled');
      return true;
    }
    const running = this.#running.get(id);
    if (!running) {
      if (this.#earlyCancels.recentlyFinished(id)) return true;
      if (isPredictionId(id)) this.#earlyCancels.remember(id);
      return false;
    }
    const first = !running.prediction.cancelRequested;
    if (first) this.#debug('Cancel requested', { prediction_id: id });
    running.prediction.cancelRequested = true;
    if (running.dispatched && first) this.#worker.cancel(id);
    return true;
  }

  async health(): Promise<HealthBody> {
    const check = this.setup.status === 'READY' && this.#hasHealthcheck;
    const userError = check ? await this.#healthcheck.check() : null;
    const body = this.setup.body(this.slots, userError);
    // An extra field only where the queue is on, so the body stays the original's otherwise.
    // BUSY keeps its meaning "a new prediction would be refused": not while the queue has room.
    if (this.#queue.capacity > 0) {
      body.queue = this.queue;
      if (body.status === 'BUSY' && !this.#queue.full) body.status = 'READY';
    }
    return body;
  }

  /**
   * Resolves when `create` may be called: at once, except while a reload replaces the worker
   * (then once the new worker's setup has ended). An HTTP request waits here instead of failing.
   */
  whenAccepting(): Promise<void> {
    if (!this.#reloading) return Promise.resolve();
    return new Promise((resolve) => this.#acceptWaiters.push(resolve));
  }

  /**
   * A reload begins: nothing new is dispatched (queued predictions wait for the new worker) and
   * `create` callers wait in `whenAccepting`. With `force`, the running predictions fail now,
   * with a message that says why; otherwise the caller waits for `idle()` before the switch.
   */
  beginReload(force: boolean): void {
    this.#reloading = true;
    if (!force) return;
    for (const running of this.#running.values())
      void this.#finish(running, 'failed', {
        error: 'Prediction aborted: the predictor was reloaded (cog serve --watch=force)',
      });
  }

  /** Resolves once no prediction holds a slot (queued ones may still wait). */
  async idle(): Promise<void> {
    while (this.#running.size > 0)
      await Promise.all([...this.#running.values()].map((r) => r.prediction.done));
  }

  /**
   * The old worker is gone and a new one is starting: forget everything that belonged to the
   * old one (schema, validators, setup record, health checks in flight). Setup starts again;
   * `onWorkerMessage('ready')` (or a setup failure) ends the reload.
   */
  resetForNewWorker(): void {
    this.#setup = new SetupState(this.#options.version);
    this.#schema = null;
    this.#validators.clear();
    this.#batcher?.reset();
    this.#batcher = null;
    this.#batches.clear();
    this.#hasHealthcheck = true;
    this.#oomKillsAtStart = this.#options.oomKills?.();
    this.#healthcheck.failAll('Healthcheck error: the predictor is being reloaded');
    this.#warmUp?.abandon();
  }

  /** The server shuts down in the middle of a reload: nothing will run what waits for it. */
  abortReload(): void {
    if (!this.#reloading) return;
    for (const running of this.#queue.clear())
      void this.#finish(running, 'failed', { error: 'The server is shutting down.' });
    this.#reloading = false;
    for (const resolve of this.#acceptWaiters.splice(0)) resolve();
  }

  #endReload(): void {
    if (!this.#reloading) return;
    this.#reloading = false;
    if (this.setup.status !== 'READY') {
      // The new code does not set up: what waited for it fails as a crash would fail it.
      for (const running of this.#queue.clear())
        void this.#finish(running, 'failed', { error: 'Setup of the reloaded predictor failed' });
    }
    this.#wakeSlotWaiters();
    for (const resolve of this.#acceptWaiters.splice(0)) resolve();
  }

  /** Stop accepting predictions and wait for the running ones to finish. */
  async drain(): Promise<void> {
    this.#shuttingDown = true;
    const inFlight = [...this.#running.values(), ...this.#queue.items()];
    await Promise.all(inFlight.map((r) => r.prediction.done));
  }

  // ---- worker side ------------------------------------------------------------------------

  onWorkerMessage(message: WorkerMessage): void {
    switch (message.type) {
      case 'schema':
        return this.#onSchema(message);
      case 'load_failed':
      case 'setup_failed':
        return this.#failSetup(message.error, message.traceback);
      case 'ready': {
        if (this.#warmUp === null) return this.#onReady();
        // Still STARTING while the warm-up runs; a reload or a crash meanwhile makes it moot.
        const setup = this.setup;
        void this.#warmUp.run().then((answered) => {
          if (setup !== this.setup) return;
          this.#debug('Worker warm-up', { answered });
          this.#options.warmUp?.settle?.();
          this.#onReady();
        });
        return;
      }
      case 'warmed':
        return this.#warmUp?.answered(message.id);
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

  #onReady(): void {
    this.setup.succeed();
    if (this.setup.status !== 'READY') return;
    this.#debug('Setup complete');
    this.#debug('Worker ready', { num_slots: this.#slots });
    this.#observer.setupFinished(true, this.#setupSeconds());
    this.#options.onReady();
    this.#endReload();
    this.#wakeSlotWaiters();
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
    this.#batcher?.reset();
    this.#batches.clear();
    for (const running of [...this.#running.values(), ...this.#queue.clear()]) {
      void this.#finish(running, 'failed', { error: `Worker crashed (${how})` });
    }
    this.#healthcheck.failAll('Healthcheck error: Worker crashed');
    this.#warmUp?.abandon();
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
    this.#debug('Predictor loaded', { is_async: message.is_async, num_slots: this.#slots });
    let problem = this.#worker.admissionProblem(message, this.#slots);
    if (message.batch) {
      // One call at a time in the worker; the slots hold the running batch and the forming one.
      problem = this.#worker.admissionProblem(message, 1);
      const policy = new BatchPolicy({
        maxSize: message.batch.max_size,
        maxWaitMs: message.batch.max_wait_ms,
      });
      this.#slots = Math.max(1, this.#options.maxConcurrency ?? 2 * policy.maxSize);
      this.#batcher = new BatchCollector(policy, (items) => this.#sendBatch(items));
    }
    if (problem !== null) {
      this.#failSetup(problem);
      this.#worker.kill();
    } else {
      this.#prepareValidators();
      if (this.setup.status === 'STARTING') this.#debug('Running setup');
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
    this.#observer.setupFinished(false, this.#setupSeconds());
    this.#endReload();
  }

  #setupSeconds(): number {
    return ((this.setup.completedAt ?? this.setup.startedAt) - this.setup.startedAt) / 1000;
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

  #find(id: string): Running | undefined {
    return this.#running.get(id) ?? this.#queue.get(id);
  }

  /** A slot is free for a new prediction: fewer running than slots and nobody queued before it. */
  #slotFree(): boolean {
    return !this.#reloading && this.#running.size < this.#slots && this.#queue.size === 0;
  }

  #occupySlot(running: Running, waitedMs: number): void {
    running.queued = false;
    this.#running.set(running.prediction.id, running);
    this.#observer.queueWait(waitedMs / 1000);
    running.admit(true);
    void this.#run(running, running.validator);
  }

  #queueTimedOut(running: Running, waitedMs: number): void {
    const seconds = Math.round(waitedMs / 100) / 10;
    running.admit(false);
    void this.#finish(running, 'failed', {
      error: `At capacity - waited ${seconds} s in the queue for a free prediction slot`,
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
    if (this.#batcher !== null)
      return this.#batcher.add(prediction.id, { running, input: prepared.input });
    running.dispatched = true;
    this.#debug('Starting prediction', { prediction_id: prediction.id });
    this.#worker.send({
      type: 'predict',
      id: prediction.id,
      input: prepared.input,
      context: prediction.context,
    });
  }

  #sendBatch(items: BatchItem[]): void {
    const live = items.filter(
      (item) => this.#running.get(item.running.prediction.id) === item.running,
    );
    const batchId = `batch-${++this.#batchCount}`;
    const members = live.map((item) => item.running);
    if (members.length === 0) return this.#batcher?.batchDone(0, 0);
    for (const running of members) {
      running.dispatched = true;
      running.batchId = batchId;
    }
    this.#batches.set(batchId, {
      members,
      awaiting: new Set(members.map((r) => r.prediction.id)),
      startedAt: performance.now(),
    });
    this.#observer.batch(members.length);
    this.#worker.send({
      type: 'predict_batch',
      batch_id: batchId,
      ids: members.map((r) => r.prediction.id),
      inputs: live.map((item) => item.input),
      contexts: members.map((r) => r.prediction.context),
    });
  }

  /** The worker answered for one member of a batch; the last answer ends the batch. */
  #batchAnswered(id: string): void {
    for (const [batchId, batch] of this.#batches) {
      if (!batch.awaiting.delete(id)) continue;
      if (batch.awaiting.size === 0) {
        this.#batches.delete(batchId);
        this.#batcher?.batchDone(batch.members.length, performance.now() - batch.startedAt);
      }
      return;
    }
  }

  #onLog(id: string | null, stream: 'stdout' | 'stderr', data: string): void {
    this.#options.mirror(stream, data);
    if (id === null) {
      if (this.setup.status === 'STARTING') this.setup.appendLog(data);
      return;
    }
    const batch = this.#batches.get(id);
    if (batch) {
      for (const member of batch.members)
        if (this.#running.get(member.prediction.id) === member)
          member.chain = member.chain.then(() => member.prediction.appendLog(stream, data));
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
      {
        type:
          | 'schema'
          | 'load_failed'
          | 'setup_failed'
          | 'ready'
          | 'warmed'
          | 'log'
          | 'healthcheck_result';
      }
    >,
  ): void {
    if (message.type === 'metric' && this.#batches.has(message.id)) {
      const batch = this.#batches.get(message.id) as RunningBatch;
      for (const member of batch.members)
        if (this.#running.get(member.prediction.id) === member)
          member.chain = member.chain.then(() =>
            member.prediction.recordMetric(message.name, message.value, message.mode),
          );
      return;
    }
    if (message.type === 'done' || message.type === 'failed' || message.type === 'canceled')
      this.#batchAnswered(message.id);
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
    status: TerminalStatus,
    fields: { output?: unknown; error?: string } = {},
  ): Promise<void> {
    const id = running.prediction.id;
    if (running.queued) {
      // Canceled, timed out or failed while waiting: it never held a slot.
      if (running.prediction.terminal) return;
      this.#queue.remove(id);
      running.admit(true);
    } else {
      if (this.#running.get(id) !== running) return;
      this.#running.delete(id);
    }
    this.#earlyCancels.finished(id);
    this.#wakeSlotWaiters();
    await running
      .cleanup()
      .catch((error: Error) => this.#options.log(`cannot remove input files: ${error.message}`));
    running.prediction.finish(status, fields);
    const prediction = running.prediction;
    const predictMs = (prediction.completedAtMs ?? 0) - (prediction.startedAtMs ?? 0);
    this.#observer.predictionFinished(prediction.kind, status, predictMs / 1000);
    this.#debug('Prediction finished', { prediction_id: running.prediction.id, status });
  }

  #debug(message: string, fields?: LogFields): void {
    this.#options.debug?.(message, fields);
  }

  /** A slot came free: the queue's oldest entry takes it first, then pull adapters may. */
  #wakeSlotWaiters(): void {
    while (this.#running.size < this.#slots && !this.#workerUnavailable()) {
      const next = this.#queue.shift();
      if (next === undefined) break;
      this.#occupySlot(next.item, next.waitedMs);
    }
    while (this.#slotWaiters.length > 0 && this.#slotFree()) this.#slotWaiters.shift()?.();
  }

  /** The worker cannot take predictions now (crashed, setup not done, reloading): keep them queued. */
  #workerUnavailable(): boolean {
    return this.#reloading || this.setup.status !== 'READY';
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

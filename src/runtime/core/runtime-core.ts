// The transport-agnostic runtime: the PredictionService, the worker session feeding it (started
// by the launcher for the predictor's language), the setup timeout, the readiness probe file
// and graceful shutdown. Transport adapters (HTTP in src/runtime/http; a pull-based one can be
// added the same way) are attached to a core, call its service, and are told when to stop
// accepting work and when to close.
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  PredictionService,
  type PredictionServiceOptions,
  type WorkerPort,
} from '../prediction/prediction-service.ts';
import type { OutputFileOptions } from '../files/output-files.ts';
import type { RuntimeConfig } from '../runtime-config.ts';
import { serverLogFromEnv, type ServerLog } from '../server-log.ts';
import { defaultRetryDelayMs } from '../webhook/webhook-sender.ts';
import { readOomKillCount } from '../worker/oom-kills.ts';
import { collectYoungGarbage } from './young-garbage.ts';
import { RuntimeMetrics } from '../metrics/runtime-metrics.ts';
import type { WorkerLauncher } from './worker-launcher.ts';
import { WorkerSession } from './worker-session.ts';

export interface RuntimeCoreOptions {
  config: RuntimeConfig;
  version: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  launcher: WorkerLauncher;
  /** Overrides for tests (short timeouts, quiet output). */
  service?: Partial<PredictionServiceOptions>;
  /** The server's own log lines; default from COG_LOG_LEVEL/RUST_LOG/LOG_FORMAT. */
  log?: ServerLog;
}

/** What a transport adapter gives the core so that shutdown can run in order. */
export interface TransportAdapter {
  /** Take no new work (close the listening socket, stop pulling). */
  stopAccepting(): void;
  /** Everything is finished: drop what is left (open connections). */
  close(): void;
}

export class RuntimeCore {
  readonly service: PredictionService;
  /** The Prometheus metrics; null with COG_METRICS=0. */
  readonly metrics: RuntimeMetrics | null;
  /** Resolves once the runtime has shut down. */
  readonly closed: Promise<void>;
  readonly #options: RuntimeCoreOptions;
  readonly #log: ServerLog;
  readonly #adapters: TransportAdapter[] = [];
  #session: WorkerSession | null = null;
  #setupTimer: NodeJS.Timeout | undefined;
  #shuttingDown: Promise<void> | null = null;
  #resolveClosed!: () => void;
  /** The reload in progress, and whether another was asked for while it ran. */
  #reload: Promise<void> | null = null;
  #reloadAgain: { force: boolean } | null = null;
  /** Workers a reload is stopping. */
  readonly #retired = new WeakSet<WorkerSession>();
  /** Where a replaced worker's last words go (its predictions are over). */
  readonly #mirror: PredictionServiceOptions['mirror'];

  constructor(options: RuntimeCoreOptions) {
    this.#options = options;
    this.#log = options.log ?? serverLogFromEnv(options.env);
    const port: WorkerPort = {
      send: (m) => this.#session?.send(m),
      cancel: (id) => this.#session?.cancel(id),
      kill: () => this.#session?.kill(),
      admissionProblem: (schema, slots) => options.launcher.admissionProblem(schema, slots),
      description: options.launcher.description,
    };
    this.metrics = options.config.metrics
      ? new RuntimeMetrics({
          slots: () => this.service.slots,
          queue: () => this.service.queue,
          workerPid: () => this.#session?.pid,
        })
      : null;
    const serviceOptions: PredictionServiceOptions = {
      ...defaultServiceOptions(options.config, options.version, options.env, this.#log),
      ...(this.metrics === null ? {} : { observer: this.metrics }),
      ...options.service,
    };
    this.#mirror = serviceOptions.mirror;
    this.service = new PredictionService(port, serviceOptions);
    this.closed = new Promise<void>((resolve) => (this.#resolveClosed = resolve));
  }

  /** The worker session once `startWorker` ran. */
  get worker(): WorkerSession | null {
    return this.#session;
  }

  attach(adapter: TransportAdapter): void {
    this.#adapters.push(adapter);
  }

  /** Spawn the worker and send `init`; call after the adapters are listening. */
  startWorker(): WorkerSession {
    const { config, launcher } = this.#options;
    const service = this.service;
    const log = this.#log;
    // The lifecycle lines of the original's server (debug here), which log scrapers match.
    const { command, args } = launcher.command(this.#options.env);
    log.debug('Spawning worker subprocess', {
      command: [command, ...args].join(' '),
      predictor_ref: config.predictorRef,
      mode: config.mode,
    });
    // Only the current worker speaks for the service: one being replaced by a reload is mute
    // (its exit is expected, not a crash).
    const current = () => this.#session === session && !this.#retired.has(session);
    const session: WorkerSession = new WorkerSession(
      launcher,
      { cwd: this.#options.cwd, env: this.#options.env },
      {
        message: (m) => current() && service.onWorkerMessage(m),
        rawOutput: (stream, text) =>
          current() ? service.onWorkerOutput(stream, text) : this.#mirror(stream, text),
        exit: (code, signal) => {
          log.debug('Worker subprocess exited', { code, signal });
          if (current()) service.onWorkerExit(code, signal);
        },
      },
    );
    this.#session = session;
    if (session.pid !== undefined) log.debug('Worker subprocess spawned', { pid: session.pid });
    session.send({
      type: 'init',
      predictor_ref: config.predictorRef,
      mode: config.mode,
      max_concurrency: config.maxConcurrency ?? 1,
    });
    this.#setupTimer = this.#armSetupTimeout(session);
    void session.exited.then(() => clearTimeout(this.#setupTimer));
    return session;
  }

  /**
   * Replace the worker with a new one running the code as it is now on disk (cog serve --watch):
   * let the running predictions finish on the old worker (with `force`: fail them at once),
   * stop it, start the new one; its setup runs again. Requests that arrive meanwhile wait
   * (PredictionService.whenAccepting), queued ones go to the new worker. Reloads asked for
   * while one runs are folded into one more afterwards.
   */
  reload(options: { force: boolean }): Promise<void> {
    if (this.#shuttingDown !== null) return Promise.resolve();
    if (this.#reload !== null) {
      this.#reloadAgain = { force: (this.#reloadAgain?.force ?? false) || options.force };
      return this.#reload;
    }
    this.#reload = (async () => {
      let next: { force: boolean } | null = options;
      while (next !== null && this.#shuttingDown === null) {
        await this.#replaceWorker(next.force);
        next = this.#reloadAgain;
        this.#reloadAgain = null;
      }
    })().finally(() => (this.#reload = null));
    return this.#reload;
  }

  async #replaceWorker(force: boolean): Promise<void> {
    const service = this.service;
    service.beginReload(force);
    if (!force) await service.idle();
    const old = this.#session;
    clearTimeout(this.#setupTimer);
    if (old !== null) {
      this.#retired.add(old);
      if (force) old.kill();
      else old.send({ type: 'shutdown' });
      await old.stop(force ? 0 : 5_000);
    }
    if (this.#shuttingDown !== null) return service.abortReload();
    service.resetForNewWorker();
    this.metrics?.workerRestarted();
    this.startWorker();
    // Done once the new worker's setup ended, either way (the service ends the reload then).
    await service.whenAccepting();
  }

  /** Graceful shutdown: stop accepting, let predictions finish, stop the worker, close. */
  shutdown(): Promise<void> {
    this.#shuttingDown ??= (async () => {
      this.#log.debug('Shutdown requested');
      for (const adapter of this.#adapters) adapter.stopAccepting();
      // A reload in progress is not finished: what waits for the new code is answered now
      // (503, shutting down) while the connections are still open.
      this.service.abortReload();
      await this.service.drain();
      this.#log.debug('Stopping worker');
      await this.#reload;
      this.#session?.send({ type: 'shutdown' });
      await this.#session?.stop(10_000);
      clearTimeout(this.#setupTimer);
      for (const adapter of this.#adapters) adapter.close();
      this.#log.debug('Shutdown complete');
      this.#resolveClosed();
    })();
    return this.#shuttingDown;
  }

  /** A second stop signal: no waiting. */
  kill(): void {
    this.#session?.kill();
  }

  #armSetupTimeout(session: WorkerSession): NodeJS.Timeout | undefined {
    const seconds = this.#options.config.setupTimeoutSeconds;
    if (seconds === null) return undefined;
    return setTimeout(() => {
      if (this.service.setup.status !== 'STARTING') return;
      this.service.setupTimedOut(seconds);
      session.kill();
    }, seconds * 1000);
  }
}

export function defaultServiceOptions(
  config: RuntimeConfig,
  version: string,
  env: NodeJS.ProcessEnv,
  serverLog: ServerLog = serverLogFromEnv(env),
): PredictionServiceOptions {
  const log = serverLog.warn;
  return {
    version,
    maxConcurrency: config.maxConcurrency,
    download: { idleTimeoutMs: 10_000, userAgent: env.COG_USER_AGENT },
    outputs: outputFileOptions(config.uploadUrl),
    webhook: {
      throttleMs: config.throttleMs,
      userAgent: `coglet/${version}`,
      authToken: env.WEBHOOK_AUTH_TOKEN,
      timeoutMs: 30_000,
      maxRetries: 12,
      retryDelayMs: defaultRetryDelayMs,
      log,
    },
    historyCapacity: config.historyCapacity,
    queue: {
      size: config.queueSize,
      timeoutMs: config.queueTimeoutSeconds === null ? null : config.queueTimeoutSeconds * 1000,
    },
    healthcheckTimeoutMs: 10_000,
    // Three round trips cost ~1 ms of setup; a worker that cannot answer costs at most 2 s.
    warmUp: { rounds: 3, timeoutMs: 2000, settle: collectYoungGarbage },
    mirror: (stream, text) => (stream === 'stdout' ? process.stdout : process.stderr).write(text),
    log,
    debug: serverLog.debug,
    oomKills: () => readOomKillCount(),
    onReady: () => {
      if (env.KUBERNETES_SERVICE_HOST) writeReadyFile(log);
    },
  };
}

/** How output files leave the runtime: `--upload-url` (25 s per try, 2 retries) or inline. */
export function outputFileOptions(uploadUrl: string | null): OutputFileOptions {
  return { uploadUrl, timeoutMs: 25_000, retryDelaysMs: [200, 1000] };
}

function writeReadyFile(log: (message: string) => void): void {
  try {
    mkdirSync('/var/run/cog', { recursive: true });
    writeFileSync('/var/run/cog/ready', '');
  } catch (error) {
    log(`cannot write /var/run/cog/ready: ${(error as Error).message}`);
  }
}

// Assembles the runtime: the Python worker, the PredictionService fed by it, the HTTP server in
// front of it, setup timeout, readiness probe file, and graceful shutdown. `startRuntime` is what
// main.ts runs and what the integration tests start in-process (port 0).
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createHttpServer } from './http/http-server.ts';
import {
  PredictionService,
  type PredictionServiceOptions,
} from './prediction/prediction-service.ts';
import type { RuntimeConfig } from './runtime-config.ts';
import { serverLogFromEnv } from './server-log.ts';
import { defaultRetryDelayMs } from './webhook/webhook-sender.ts';
import { readOomKillCount } from './worker/oom-kills.ts';
import { WorkerProcess } from './worker/worker-process.ts';

export interface RuntimeOptions {
  config: RuntimeConfig;
  version: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Overrides for tests (short timeouts, quiet output). */
  service?: Partial<PredictionServiceOptions>;
}

export interface RunningRuntime {
  port: number;
  service: PredictionService;
  worker: WorkerProcess;
  /** Graceful shutdown: stop accepting, let predictions finish, stop the worker. */
  shutdown(): Promise<void>;
  /** Resolves once the runtime has shut down (POST /shutdown, a signal, or shutdown()). */
  closed: Promise<void>;
}

export function defaultServiceOptions(
  config: RuntimeConfig,
  version: string,
  env: NodeJS.ProcessEnv,
): PredictionServiceOptions {
  const log = serverLogFromEnv(env).warn;
  return {
    version,
    maxConcurrency: config.maxConcurrency,
    download: { idleTimeoutMs: 10_000, userAgent: env.COG_USER_AGENT },
    outputs: { uploadUrl: config.uploadUrl, timeoutMs: 25_000, retryDelaysMs: [200, 1000] },
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
    healthcheckTimeoutMs: 10_000,
    mirror: (stream, text) => (stream === 'stdout' ? process.stdout : process.stderr).write(text),
    log,
    oomKills: () => readOomKillCount(),
    onReady: () => {
      if (env.KUBERNETES_SERVICE_HOST) writeReadyFile(log);
    },
  };
}

function writeReadyFile(log: (message: string) => void): void {
  try {
    mkdirSync('/var/run/cog', { recursive: true });
    writeFileSync('/var/run/cog/ready', '');
  } catch (error) {
    log(`cannot write /var/run/cog/ready: ${(error as Error).message}`);
  }
}

export async function startRuntime(options: RuntimeOptions): Promise<RunningRuntime> {
  const { config } = options;
  const serviceOptions = {
    ...defaultServiceOptions(config, options.version, options.env),
    ...options.service,
  };
  let worker: WorkerProcess | null = null;
  const service = new PredictionService(
    { send: (m) => worker?.send(m), signal: (s) => worker?.signal(s) },
    serviceOptions,
  );
  let shutdown: () => Promise<void> = async () => {};
  const server = createHttpServer(
    { service, version: options.version, shutdown: () => void shutdown() },
    { bodyBudgetBytes: config.bodyBudgetBytes ?? undefined },
  );
  // Listen first: a port that is taken fails here, before a Python process exists to clean up.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const started = new WorkerProcess(
    { python: config.python, cwd: options.cwd, env: options.env },
    {
      message: (m) => service.onWorkerMessage(m),
      rawOutput: (stream, text) => service.onWorkerOutput(stream, text),
      exit: (code, signal) => service.onWorkerExit(code, signal),
    },
  );
  worker = started;
  started.send({
    type: 'init',
    predictor_ref: config.predictorRef,
    mode: config.mode,
    max_concurrency: config.maxConcurrency ?? 1,
  });
  const setupTimer = armSetupTimeout(config, service, started);
  void started.exited.then(() => clearTimeout(setupTimer));

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  let shuttingDown: Promise<void> | null = null;
  shutdown = (): Promise<void> => {
    shuttingDown ??= (async () => {
      server.close();
      server.closeIdleConnections();
      await service.drain();
      started.send({ type: 'shutdown' });
      await started.stop(10_000);
      clearTimeout(setupTimer);
      server.closeAllConnections();
      resolveClosed();
    })();
    return shuttingDown;
  };
  return { port, service, worker: started, shutdown, closed };
}

function armSetupTimeout(
  config: RuntimeConfig,
  service: PredictionService,
  worker: WorkerProcess,
): NodeJS.Timeout | undefined {
  const seconds = config.setupTimeoutSeconds;
  if (seconds === null) return undefined;
  return setTimeout(() => {
    if (service.setup.status !== 'STARTING') return;
    service.setupTimedOut(seconds);
    worker.signal('SIGKILL');
  }, seconds * 1000);
}

// The runtime served over HTTP: a RuntimeCore with the HTTP adapter in front of it and the
// worker for the predictor's language. `startRuntime` is what main.ts runs and what the
// integration tests start in-process (port 0).
import {
  defaultServiceOptions,
  RuntimeCore,
  type RuntimeCoreOptions,
} from './core/runtime-core.ts';
import { launcherFor } from './core/launcher-for.ts';
import type { WorkerSession } from './core/worker-session.ts';
import { startHttpAdapter } from './http/http-adapter.ts';
import { warmUpHttpPath } from './http/http-warm-up.ts';
import { watchAndReload } from './core/watch-reload.ts';
import type { PredictionService } from './prediction/prediction-service.ts';
import { serverLogFromEnv, type ServerLog } from './server-log.ts';

export type RuntimeOptions = Omit<RuntimeCoreOptions, 'launcher'> &
  Partial<Pick<RuntimeCoreOptions, 'launcher'>> & {
    /** The server log (request lines); from the environment (COG_LOG_LEVEL, LOG_FORMAT) if unset. */
    log?: ServerLog;
  };

export interface RunningRuntime {
  port: number;
  core: RuntimeCore;
  service: PredictionService;
  worker: WorkerSession;
  /** Graceful shutdown: stop accepting, let predictions finish, stop the worker. */
  shutdown(): Promise<void>;
  /** Resolves once the runtime has shut down (POST /shutdown, a signal, or shutdown()). */
  closed: Promise<void>;
}

export async function startRuntime(options: RuntimeOptions): Promise<RunningRuntime> {
  // Under --watch no bytecode is cached: a .pyc is trusted by the source's mtime in whole
  // seconds and its size, so a same-size edit within a second of the last import would be missed.
  const env =
    options.config.watch === 'off' ? options.env : { ...options.env, PYTHONDONTWRITEBYTECODE: '1' };
  const core = new RuntimeCore({
    ...options,
    env,
    launcher: options.launcher ?? launcherFor(options.config, env),
  });
  const http = await startHttpAdapter(core, {
    host: options.config.host,
    port: options.config.port,
    version: options.version,
    bodyBudgetBytes: options.config.bodyBudgetBytes ?? undefined,
    log: options.log ?? serverLogFromEnv(options.env),
  });
  const worker = core.startWorker();
  // Requests through a private server (http-warm-up.ts) while the worker imports the
  // predictor and runs setup(): this process is idle meanwhile.
  void warmUpHttpPath({
    service: defaultServiceOptions(options.config, options.version, env),
    version: options.version,
    rounds: 5,
    timeoutMs: 2000,
  });
  if (options.config.watch !== 'off') {
    const log = serverLogFromEnv(options.env);
    watchAndReload(core, {
      root: options.cwd,
      mode: options.config.watch,
      log: options.service?.log ?? log.info,
      warn: options.service?.log ?? log.warn,
    });
  }
  return {
    port: http.port,
    core,
    service: core.service,
    worker,
    shutdown: () => core.shutdown(),
    closed: core.closed,
  };
}

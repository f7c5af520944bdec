// The runtime as a ColonyOS executor (COG_EXECUTOR=colonies): the same RuntimeCore, worker and
// PredictionService as over HTTP, with the pull adapter instead of the HTTP one.
import { outputFileOptions, RuntimeCore } from '../core/runtime-core.ts';
import type { OutputFileOptions } from '../files/output-files.ts';
import { launcherFor } from '../core/launcher-for.ts';
import type { RuntimeConfig } from '../runtime-config.ts';
import { ColoniesExecutor } from './colonies-executor.ts';
import type { ExecutorConfig } from './executor-config.ts';

export interface ExecutorRuntimeOptions {
  config: RuntimeConfig;
  executor: ExecutorConfig;
  version: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  log(message: string): void;
}

export interface ExecutorRuntime {
  core: RuntimeCore;
  executor: ColoniesExecutor;
  /** 'setup_failed' when setup did not succeed (the executor took no work and deregistered). */
  started: Promise<'running' | 'setup_failed'>;
  /** Stop pulling, finish the running predictions, stop the worker, deregister. */
  shutdown(): Promise<void>;
}

export function startExecutorRuntime(options: ExecutorRuntimeOptions): ExecutorRuntime {
  const core = new RuntimeCore({
    config: options.config,
    version: options.version,
    cwd: options.cwd,
    env: options.env,
    launcher: launcherFor(options.config),
    service: { outputs: executorOutputFiles(options) },
  });
  const executor = new ColoniesExecutor(core, {
    config: options.executor,
    version: options.version,
    log: options.log,
  });
  core.startWorker();
  let shuttingDown: Promise<void> | null = null;
  return {
    core,
    executor,
    started: executor.start(),
    shutdown() {
      shuttingDown ??= (async () => {
        await executor.stopPulling();
        await core.shutdown();
        await executor.deregister();
      })();
      return shuttingDown;
    },
  };
}

/**
 * A process carries its output inline, so files up to the inline limit stay data URIs; larger
 * ones go to the upload URL (`--upload-url`, else COG_COLONIES_UPLOAD_URL) as over HTTP, and
 * stay inline with a warning when none is configured.
 */
export function executorOutputFiles(
  options: Pick<ExecutorRuntimeOptions, 'config' | 'executor' | 'log'>,
): OutputFileOptions {
  return {
    ...outputFileOptions(options.config.uploadUrl ?? options.executor.uploadUrl),
    inlineLimitBytes: options.executor.inlineLimitBytes,
    warn: options.log,
  };
}

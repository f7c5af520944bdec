// main.ts for COG_EXECUTOR=colonies: read the executor's environment, start, and map the outcome
// and the stop signals to an exit code (0 after a clean stop; 1 when setup failed, the config is
// wrong, or the server removed an executor that cannot register itself again).
import { hostname } from 'node:os';
import { randomBytes } from '../random-bytes.ts';
import type { RuntimeConfig } from '../runtime-config.ts';
import type { ServerLog } from '../server-log.ts';
import {
  ExecutorConfigError,
  parseExecutorConfig,
  type ExecutorConfig,
} from './executor-config.ts';
import { startExecutorRuntime } from './executor-runtime.ts';

const SECRET_VARIABLES = ['COLONIES_PRVKEY', 'COLONIES_COLONY_PRVKEY', 'COLONIES_SERVER_PRVKEY'];

export interface ExecutorMainOptions {
  config: RuntimeConfig;
  version: string;
  cogYamlText: string | null;
  log: ServerLog;
}

export async function runExecutor(options: ExecutorMainOptions): Promise<number> {
  const { log } = options;
  let executorConfig: ExecutorConfig;
  try {
    executorConfig = parseExecutorConfig(process.env, {
      cogYamlText: options.cogYamlText,
      hostname: hostname(),
      randomHex: randomBytes(3).toString('hex'),
    });
  } catch (error) {
    if (!(error instanceof ExecutorConfigError)) throw error;
    log.error(error.message);
    return 1;
  }
  // The keys stay in this process: the predictor (the worker) does not see them.
  for (const name of SECRET_VARIABLES) delete process.env[name];
  const runtime = startExecutorRuntime({
    config: options.config,
    executor: executorConfig,
    version: options.version,
    cwd: process.cwd(),
    env: process.env,
    log: (m) => log.info(m),
  });
  process.on('unhandledRejection', (reason) => log.error(`unhandled rejection: ${String(reason)}`));
  let exitCode = 0;
  let stopSignals = 0;
  const stop = (): void => {
    // The first signal lets running predictions finish; a second one does not.
    if (++stopSignals > 1) {
      runtime.core.kill();
      process.exit(1);
    }
    void runtime.shutdown();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  runtime.executor.failed.catch((error: Error) => {
    log.error(error.message);
    exitCode = 1;
    void runtime.shutdown();
  });
  try {
    if ((await runtime.started) === 'setup_failed') {
      exitCode = 1;
      await runtime.shutdown();
    }
  } catch (error) {
    log.error(`cannot start the ColonyOS executor: ${(error as Error).message}`);
    exitCode = 1;
    await runtime.shutdown();
  }
  await runtime.core.closed;
  await runtime.shutdown();
  return exitCode;
}

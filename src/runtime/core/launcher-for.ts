// Picks the worker launcher for the configured predictor: the reference's file extension says
// which language runs it (src/runner-reference.ts). The Node worker is the coglet-worker.mjs
// bundle next to the runtime's own (COG_NODE_WORKER overrides it: tests run the sources).
import { fileURLToPath } from 'node:url';
import { runnerLanguageOf } from '../../runner-reference.ts';
import type { RuntimeConfig } from '../runtime-config.ts';
import { nodeLauncher, pythonLauncher, type WorkerLauncher } from './worker-launcher.ts';

export function launcherFor(
  config: Pick<RuntimeConfig, 'python' | 'predictorRef'>,
  env: NodeJS.ProcessEnv = process.env,
): WorkerLauncher {
  if (runnerLanguageOf(config.predictorRef) === 'node') {
    const workerScript =
      env.COG_NODE_WORKER || fileURLToPath(new URL('./coglet-worker.mjs', import.meta.url));
    return nodeLauncher({ node: process.execPath, workerScript });
  }
  return pythonLauncher(config.python);
}

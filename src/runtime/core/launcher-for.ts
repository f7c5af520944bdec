// Picks the worker launcher for the configured predictor: the reference's file extension says
// which language runs it (src/runner-reference.ts).
import type { RuntimeConfig } from '../runtime-config.ts';
import { pythonLauncher, type WorkerLauncher } from './worker-launcher.ts';

export function launcherFor(config: Pick<RuntimeConfig, 'python'>): WorkerLauncher {
  return pythonLauncher(config.python);
}

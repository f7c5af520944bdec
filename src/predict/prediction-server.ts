// Starts a model's HTTP server in a detached container for `cog run`/`cog train` (cli.md §3.4,
// §6.1–§6.2): container port 5000 on a random loopback port, logs streamed to our stderr,
// /health-check polled until setup is done, one retry without GPUs when the host has no
// driver. The container is removed by the caller's cleanup stack on every exit path.
import type { PredictionMode } from '../contracts/openapi-document.ts';
import type { Writable } from 'node:stream';
import { CogError } from '../cog-error.ts';
import type { RunnerLanguage } from '../runner-reference.ts';
import { serverCommand } from '../server-command.ts';
import type { CleanupStack } from '../image/cleanup-stack.ts';
import {
  containerState,
  publishedPort,
  startContainer,
  type RunningContainer,
} from '../image/container.ts';
import { explainOom } from '../image/container-oom.ts';
import type { DockerClient } from '../image/docker-client.ts';
import { LogEcho } from '../image/log-echo.ts';
import { waitForHealthy } from './prediction-client.ts';

export interface PredictionServerOptions {
  client: DockerClient;
  stack: CleanupStack;
  image: string;
  mode: PredictionMode;
  /** The model's worker language: picks the server command a train container runs. */
  language: RunnerLanguage;
  env: readonly string[];
  binds: readonly string[];
  gpus: string;
  setupTimeoutSeconds: number;
  /** Where container logs go (our stderr). */
  logs: Writable;
  warn: (message: string) => void;
  signal?: AbortSignal;
}

export interface PredictionServer {
  baseUrl: string;
  container: RunningContainer;
}

export async function startPredictionServer(
  options: PredictionServerOptions,
): Promise<PredictionServer> {
  try {
    return await startOnce(options, options.gpus);
  } catch (error) {
    const retry =
      error instanceof CogError &&
      error.code === 'GPU_DRIVER_MISSING' &&
      options.gpus === 'all' &&
      options.mode === 'predict';
    if (!retry) throw error;
    options.warn('Missing device driver, re-trying without GPU');
    return startOnce(options, '');
  }
}

async function startOnce(
  options: PredictionServerOptions,
  gpus: string,
): Promise<PredictionServer> {
  const logs = new LogEcho(options.logs);
  const cmd =
    options.mode === 'train' ? serverCommand(options.language, ['--x-mode', 'train']) : undefined;
  const container = await startContainer(
    options.client,
    {
      image: options.image,
      ...(cmd === undefined ? {} : { cmd }),
      env: options.env,
      binds: options.binds,
      gpus,
      ports: [{ containerPort: 5000, hostIp: '127.0.0.1', hostPort: 0 }],
    },
    options.stack,
    { stdout: logs.stream, stderr: logs.stream, watchOom: true },
  );
  try {
    const port = await publishedPort(options.client, container, 5000);
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHealthy({
      baseUrl,
      timeoutMs: options.setupTimeoutSeconds * 1000,
      containerState: () => containerState(container),
      shownInLogs: (text, withinMs) => logs.shown(text, withinMs),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    logs.stopRemembering();
    return { baseUrl, container };
  } catch (error) {
    const explained = await explainOom(error, container.oomKilled);
    await container.stop();
    throw explained;
  }
}

/** The environment of run/train containers, in the original's order (cli.md §3.4 step 2). */
export function predictionEnv(options: {
  userEnv: readonly string[];
  hostEnv: NodeJS.ProcessEnv;
  debug: boolean;
  forwardRustLog: boolean;
}): string[] {
  const env = [...options.userEnv];
  if (options.forwardRustLog && options.hostEnv.RUST_LOG)
    env.push(`RUST_LOG=${options.hostEnv.RUST_LOG}`);
  env.push('LOG_FORMAT=console', `COG_LOG_LEVEL=${options.debug ? 'debug' : 'warning'}`);
  return env;
}

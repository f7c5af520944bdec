// Foreground containers for `cog exec` and `cog serve` (cli.md §6.3): stdin attached (a TTY in
// raw mode when we have one, else piped and closed at EOF), output copied raw (TTY) or
// demultiplexed to our stdout/stderr, the terminal size followed, the exit code returned. The
// container is removed through the cleanup stack however the run ends.
import { CogError } from '../cog-error.ts';
import type { CleanupStack } from './cleanup-stack.ts';
import { startContainer, type RunningContainer } from './container.ts';
import { OOM_HINT } from './container-oom.ts';
import type { ContainerSpec } from './container-options.ts';
import type { DockerClient } from './docker-client.ts';

export interface AttachedRunOptions {
  client: DockerClient;
  stack: CleanupStack;
  spec: Omit<ContainerSpec, 'tty' | 'stdin'>;
  /** Retry once without GPUs when the host has no driver and the GPUs were `all`. */
  gpuRetry: boolean;
  warn: (message: string) => void;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  /** Called once the container has started (again after a GPU retry). */
  onStart?: (container: RunningContainer) => void;
}

/** Runs the container in the foreground; resolves with its exit code. */
export async function runAttached(options: AttachedRunOptions): Promise<number> {
  try {
    return await runOnce(options, options.spec.gpus ?? '');
  } catch (error) {
    const retry =
      error instanceof CogError &&
      error.code === 'GPU_DRIVER_MISSING' &&
      options.gpuRetry &&
      options.spec.gpus === 'all';
    if (!retry) throw error;
    options.warn('Missing device driver, re-trying without GPU');
    return runOnce(options, '');
  }
}

async function runOnce(options: AttachedRunOptions, gpus: string): Promise<number> {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const tty = stdin.isTTY === true && stdout.isTTY === true;
  const restore = tty ? enterRawMode(stdin, options.stack) : undefined;
  const container = await startContainer(
    options.client,
    { ...options.spec, gpus, tty, stdin: true },
    options.stack,
    { stdout, stderr, stdin, watchOom: true },
  );
  const stopResizing = tty ? followTerminalSize(container, stdout) : undefined;
  options.onStart?.(container);
  try {
    const code = await container.exited;
    await Promise.race([container.outputDone, delay(1_000)]);
    // A process killed for memory only shows as a 137 (or not at all); say what happened.
    // Only a 137 waits for a late event, so a normal exit is not slowed down.
    if (await container.oomKilled(code === 137 ? undefined : 0))
      options.warn(
        `The container ran out of memory: the OOM killer ended a process in it. ${OOM_HINT}`,
      );
    return code;
  } finally {
    stopResizing?.();
    stdin.unpipe();
    stdin.pause();
    await restore?.();
  }
}

function enterRawMode(stdin: NodeJS.ReadStream, stack: CleanupStack): () => Promise<void> {
  stdin.setRawMode(true);
  return stack.defer(() => {
    stdin.setRawMode(false);
  });
}

function followTerminalSize(container: RunningContainer, stdout: NodeJS.WriteStream): () => void {
  const resize = (): void => {
    void container.handle.resize({ h: stdout.rows, w: stdout.columns }).catch(() => undefined);
  };
  resize();
  stdout.on('resize', resize);
  return () => stdout.off('resize', resize);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

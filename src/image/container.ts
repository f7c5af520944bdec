// Containers on the Engine API: create (with its removal registered first), attach, start,
// wait, stop. Every container's removal is on the caller's cleanup stack before the create call
// is sent, so no exit path — setup failure, Ctrl-C, SIGTERM — leaves one behind. The paths the
// stack cannot see (SIGKILL, the OOM killer) are covered by owner labels, the lifeline held
// from start to removal, and the reaper run before the first create (docs/run.md).
import { Writable } from 'node:stream';
import type Dockerode from 'dockerode';
import { CogError } from '../cog-error.ts';
import type { CleanupStack } from './cleanup-stack.ts';
import { attachLifeline } from './container-lifeline.ts';
import { containerCreateOptions, type ContainerSpec } from './container-options.ts';
import { watchOom, type OomWatch } from './container-oom.ts';
import { currentOwner, ownerLabels } from './container-owner.ts';
import { dockerCall, translateDockerError, type DockerClient } from './docker-client.ts';
import { reapOrphansOnce } from './orphan-reaper.ts';

export interface RunningContainer {
  readonly id: string;
  readonly handle: Dockerode.Container;
  /** Resolves with the exit code once the container has stopped. */
  readonly exited: Promise<number>;
  /** Resolves when the attached output stream has ended (all output delivered). */
  readonly outputDone: Promise<void>;
  /** Stops (3 s grace) and removes it now; also runs from the cleanup stack. */
  stop: () => Promise<void>;
  /** True when the OOM killer struck inside it (only with `watchOom`; else always false). */
  oomKilled: (lateEventMs?: number) => Promise<boolean>;
}

export interface StartOptions {
  /** Receives the container's stdout (demultiplexed unless the spec asks for a TTY). */
  stdout?: Writable;
  stderr?: Writable;
  /** Piped to the container's stdin (attached runs). */
  stdin?: NodeJS.ReadableStream;
  /** Follow the engine's `oom` events, so an out-of-memory death can be named. */
  watchOom?: boolean;
}

/** Creates, attaches and starts a container. Its removal is registered on `stack` before creation. */
export async function startContainer(
  client: DockerClient,
  spec: ContainerSpec,
  stack: CleanupStack,
  options: StartOptions = {},
): Promise<RunningContainer> {
  const pending: {
    creating?: Promise<Dockerode.Container>;
    letGo?: () => void;
    oom?: OomWatch;
  } = {};
  const release = stack.defer(async () => {
    const created = await pending.creating?.catch(() => undefined);
    try {
      if (created !== undefined) await removeQuietly(created);
    } finally {
      // Only now: letting go earlier would have the lifeline kill what `stop` ends gracefully.
      pending.letGo?.();
      pending.oom?.stop();
    }
  });
  await reapOrphansOnce(client);
  const labels = { ...ownerLabels(currentOwner()), ...spec.labels };
  const creating = dockerCall(
    client,
    () => client.api.createContainer(containerCreateOptions({ ...spec, labels })),
    `creating a container from ${spec.image}`,
  );
  pending.creating = creating;
  const container = await creating;
  const oom = options.watchOom === true ? await watchOom(client, container) : undefined;
  if (oom !== undefined) pending.oom = oom;
  const { done: outputDone } = await attach(client, container, spec, options);
  // Waiting is set up before start so a fast exit (and auto-removal) is never missed.
  const exited = waitForExit(client, container);
  try {
    await container.start();
  } catch (error) {
    throw startError(error, client);
  }
  const letGo = await attachLifeline(
    container,
    exited.catch(() => undefined),
  );
  if (letGo !== undefined) pending.letGo = letGo;
  return {
    id: container.id,
    handle: container,
    exited,
    outputDone,
    stop: release,
    oomKilled: (lateEventMs) => oom?.killed(lateEventMs) ?? Promise.resolve(false),
  };
}

async function attach(
  client: DockerClient,
  container: Dockerode.Container,
  spec: ContainerSpec,
  options: StartOptions,
): Promise<{ done: Promise<void> }> {
  if (options.stdout === undefined && options.stderr === undefined && options.stdin === undefined)
    return { done: Promise.resolve() };
  const stream = await dockerCall(client, () =>
    container.attach({
      stream: true,
      stdin: options.stdin !== undefined,
      stdout: true,
      stderr: true,
      hijack: options.stdin !== undefined,
    }),
  );
  const out = options.stdout ?? nullWritable();
  const err = options.stderr ?? nullWritable();
  const done = new Promise<void>((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
  if (spec.tty === true) stream.pipe(out, { end: false });
  else client.api.modem.demuxStream(stream, out, err);
  if (options.stdin !== undefined) {
    options.stdin.pipe(stream);
    // The engine closes the container's stdin when our side ends (StdinOnce).
    options.stdin.on('end', () => {
      (stream as unknown as { end?: () => void }).end?.();
    });
  }
  return { done };
}

function nullWritable(): Writable {
  return new Writable({ write: (_chunk, _encoding, callback) => callback() });
}

async function waitForExit(client: DockerClient, container: Dockerode.Container): Promise<number> {
  try {
    const result = (await container.wait({ condition: 'next-exit' })) as { StatusCode?: number };
    return result.StatusCode ?? 0;
  } catch (error) {
    throw new CogError(
      'CONTAINER_WAIT_FAILED',
      `error waiting for container: ${translateDockerError(error, { host: client.host }).message}`,
    );
  }
}

/** Stop with a 3 s grace period, then force-remove, and wait until it is really gone. */
async function removeQuietly(container: Dockerode.Container): Promise<void> {
  try {
    await container.stop({ t: 3 });
  } catch {
    // Not running (or already removed): removal below decides.
  }
  try {
    await container.remove({ force: true });
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    // 404: auto-removed already; 409: the engine is removing it (auto-remove) right now.
    if (status !== 404 && status !== 409)
      throw new Error(`Failed to stop container: ${translateDockerError(error).message}`, {
        cause: error,
      });
  }
  await waitUntilGone(container);
}

/** Auto-removal finishes asynchronously; a command that returns before it would leave it in `docker ps -a`. */
async function waitUntilGone(container: Dockerode.Container): Promise<void> {
  for (let i = 0; i < 50; i++) {
    try {
      await container.inspect();
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return;
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function startError(error: unknown, client: DockerClient): CogError {
  const translated = translateDockerError(error, { host: client.host });
  if (
    /could not select device driver|nvidia-container-cli: initialization error/.test(
      translated.message,
    )
  ) {
    return new CogError('GPU_DRIVER_MISSING', 'Docker is missing required device driver', {
      cause: error,
    });
  }
  return new CogError(
    'CONTAINER_START_FAILED',
    `Failed to start container: ${translated.message}`,
    { cause: error },
  );
}

/** The host port Docker published for `containerPort` (prefers a binding on `hostIp`). */
export async function publishedPort(
  client: DockerClient,
  container: RunningContainer,
  containerPort: number,
  hostIp = '127.0.0.1',
): Promise<number> {
  const info = await dockerCall(client, () => container.handle.inspect());
  const bindings = info.NetworkSettings.Ports?.[`${containerPort}/tcp`] ?? [];
  const match =
    bindings.find((b) => b.HostIp === hostIp) ?? (bindings.length === 1 ? bindings[0] : undefined);
  const port = Number(match?.HostPort);
  if (!Number.isInteger(port) || port <= 0) {
    throw new CogError(
      'CONTAINER_PORT_UNKNOWN',
      `Failed to determine container port: no binding for ${containerPort}/tcp`,
    );
  }
  return port;
}

/** `running`, `exited`, `dead`, … or `removed` when the container no longer exists. */
export async function containerState(container: RunningContainer): Promise<string> {
  try {
    const info = await container.handle.inspect();
    return info.State.Status;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return 'removed';
    throw new CogError(
      'CONTAINER_INSPECT_FAILED',
      `Failed to get container status: ${translateDockerError(error).message}`,
    );
  }
}

export interface CapturedRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a container to completion and captures its output (schema dump, pip freeze). */
export async function runAndCapture(
  client: DockerClient,
  spec: ContainerSpec,
  stack: CleanupStack,
): Promise<CapturedRun> {
  const stdout = new Collector();
  const stderr = new Collector();
  const container = await startContainer(client, { ...spec, autoRemove: false }, stack, {
    stdout: stdout.stream,
    stderr: stderr.stream,
  });
  const exitCode = await container.exited;
  await Promise.race([
    container.outputDone,
    new Promise((resolve) => setTimeout(resolve, 2_000).unref()),
  ]);
  await container.stop();
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
}

class Collector {
  readonly #chunks: Buffer[] = [];
  readonly stream: Writable;
  constructor() {
    const chunks = this.#chunks;
    this.stream = new Writable({
      write(chunk: Buffer, _encoding, callback): void {
        chunks.push(Buffer.from(chunk));
        callback();
      },
    });
  }
  text(): string {
    return Buffer.concat(this.#chunks).toString('utf8');
  }
}

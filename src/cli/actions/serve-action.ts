// `cog serve` (cli.md §8): build the dev image and run the model's HTTP server in the
// foreground on --host:--port (default 127.0.0.1:8393), the project mounted at /src, logs
// streamed. Ctrl-C / SIGTERM stop and remove the container and end with status 0. With
// --playground (login-playground.md §B6) the playground binds 0.0.0.0:<--playground-port>
// *before* the build, so a busy port fails fast (the original bound it after the build,
// against its own comment), targets the served model, and stops with the container.
import { CogError } from '../../cog-error.ts';
import type { CommandContext } from '../command-context.ts';
import type { ServeOptions } from '../commands/serve.ts';
import type { PlaygroundServer } from '../playground/playground-server.ts';
import { cogVersion } from '../version.ts';
import { runInDevImage } from './foreground-dev-run.ts';
import { devServerCommand } from '../../server-command.ts';
import { ColoniesConfigError, executorContainerSettings } from '../../colonies/client-config.ts';
import { defaultImageName, type LoadedConfig } from '../../config/index.ts';
import { loadProject } from './load-project.ts';
import type { RunningContainer } from '../../image/container.ts';
import { probeBaseUrl, waitForSetup } from './serve-readiness.ts';
import { watchBuildInputs, type BuildInputChange } from './build-input-watcher.ts';

export async function serveAction(options: ServeOptions, context: CommandContext): Promise<void> {
  if (options.executor !== undefined && options.watch !== 'off')
    throw new CogError('USAGE', '--watch cannot be combined with --executor', {
      hint: 'Use --watch with the HTTP server (cog serve --watch).',
    });
  if (options.executor !== undefined) return serveExecutor(options, context);
  const playground = options.playground ? await startPlayground(options) : undefined;
  try {
    await serveModel(options, context, playground);
  } finally {
    await playground?.close(5000);
  }
}

async function startPlayground(options: ServeOptions): Promise<PlaygroundServer> {
  const { checkPlaygroundPort, startServePlayground } =
    await import('../playground/serve-playground.ts');
  const server = await startServePlayground({
    serveHost: options.host,
    servePort: options.port,
    playgroundPort: options.playgroundPort,
    cogVersion: cogVersion(),
  });
  try {
    // Again with the port actually bound, for --playground-port 0.
    checkPlaygroundPort({
      serveHost: options.host,
      servePort: options.port,
      playgroundPort: server.port,
    });
  } catch (error) {
    await server.close(0);
    throw error;
  }
  return server;
}

/**
 * One build and run, or with --watch as many as changes to the build inputs need: each such
 * change stops the container, and the loop builds and runs again.
 */
async function serveModel(
  options: ServeOptions,
  context: CommandContext,
  playground: PlaygroundServer | undefined,
): Promise<void> {
  for (;;) {
    const rebuild = new AbortController();
    let watcher: { close(): void } | undefined;
    let code: number;
    try {
      code = await serveOnce(options, context, playground, {
        stop: rebuild.signal,
        watchBuildInputs: (project) => {
          watcher = watchBuildInputs({
            project,
            file: options.file,
            cwd: context.cwd,
            onChange: (change) => {
              reportBuildInputChange(change, context);
              if (change.kind === 'rebuild') rebuild.abort();
            },
          });
        },
      });
    } finally {
      watcher?.close();
    }
    if (rebuild.signal.aborted) continue;
    // With a terminal, Ctrl-C reaches the server inside as SIGINT; stopping it that way is a clean exit.
    if (code !== 0 && code !== 130 && code !== 143) {
      throw new CogError('CONTAINER_EXIT', `container exited with status ${code}`);
    }
    return;
  }
}

function reportBuildInputChange(change: BuildInputChange, context: CommandContext): void {
  if (change.kind === 'rebuild')
    context.console.info(`${change.reason}: it needs a rebuild; rebuilding...\n`);
  else if (change.kind === 'unchanged')
    context.console.info(`${change.file} changed, but not in a way that needs a rebuild\n`);
  else
    context.console.warn(`${change.message}\nStill serving the last build; fix it and save again.`);
}

async function serveOnce(
  options: ServeOptions,
  context: CommandContext,
  playground: PlaygroundServer | undefined,
  watch: { stop: AbortSignal; watchBuildInputs: (project: LoadedConfig) => void },
): Promise<number> {
  const upload = options.uploadUrl;
  const watching = options.watch !== 'off';
  let remoteDaemon = false;
  const waits: AbortController[] = [];
  try {
    return await runInDevImage(
      {
        flags: options,
        cmd: (language) =>
          devServerCommand(language, [
            '--await-explicit-shutdown',
            'true',
            ...(upload === undefined ? [] : ['--upload-url', upload]),
          ]),
        // The runtime inside watches /src itself (src/runtime/core/watch-reload.ts).
        env: watching ? [`COG_WATCH=${options.watch}`] : [],
        ports: [{ containerPort: 5000, hostIp: options.host, hostPort: options.port }],
        ...(watching ? { stop: watch.stop } : {}),
        // The upload URL or the playground's webhook relay may live on the host.
        ...(upload === undefined && playground === undefined
          ? {}
          : { extraHosts: ['host.docker.internal:host-gateway'] }),
        beforeRunning: (client, project) => {
          if (!client.host.startsWith('unix://') && !client.host.startsWith('npipe://')) {
            remoteDaemon = true;
            context.console.warn(
              `Using Docker daemon at ${client.host}; the server will bind to ${options.host} on that host, not this machine.`,
            );
          }
          if (watching) watch.watchBuildInputs(project);
        },
        onStart: (container) => {
          const wait = new AbortController();
          waits.push(wait);
          void container.exited.then(
            () => wait.abort(),
            () => wait.abort(),
          );
          void announceWhenReady(
            { container, options, context, playground, remoteDaemon },
            wait.signal,
          ).catch((error: Error) => {
            // A container that is already gone is reported by the run itself.
            if (!wait.signal.aborted) context.console.warn(error.message);
          });
        },
        // The server's output is logs, not primary output.
        stdout: process.stderr,
        exitCodeOnSignal: () => 0,
      },
      context,
    );
  } finally {
    for (const wait of waits) wait.abort();
  }
}

interface Announcement {
  container: RunningContainer;
  options: ServeOptions;
  context: CommandContext;
  playground: PlaygroundServer | undefined;
  remoteDaemon: boolean;
}

/**
 * "Serving at <url>" once the model's setup is done (the user's host port, looked up when -p 0
 * let Docker pick one); meanwhile a line that setup is running, and one every 15 s after.
 * Setup failures do not stop serve (cli.md §8): the URL is printed after a warning.
 */
async function announceWhenReady(run: Announcement, signal: AbortSignal): Promise<void> {
  const { options, context } = run;
  const port = options.port !== 0 ? options.port : await publishedPort(run.container, options.host);
  if (signal.aborted) return;
  if (port === null) {
    context.console.warn('Cannot determine the port Docker published the server on.');
    return;
  }
  if (!run.remoteDaemon) {
    context.console.info("Waiting for the model's setup() to finish...");
    const outcome = await waitForSetup({
      baseUrl: probeBaseUrl(options.host, port),
      signal,
      onProgress: (seconds) => context.console.info(`setup() is still running (${seconds} s)...`),
    });
    if (outcome.status === 'gone') return;
    if (outcome.status === 'ready') {
      const took = outcome.setupSeconds === null ? '' : ` in ${outcome.setupSeconds.toFixed(1)} s`;
      context.console.info(`Setup finished${took}.`);
    } else {
      context.console.warn(
        outcome.defunct
          ? 'The model stopped after setup (see its output above); predictions will fail.'
          : 'Setup failed (see its output above); the server keeps running and GET /health-check reports SETUP_FAILED.',
      );
    }
  }
  context.console.info(`Serving at ${serveUrl(options.host, port)}`);
  context.console.info(`API docs (Swagger UI) at ${docsUrl(options.host, port)}`);
  if (run.playground !== undefined) {
    context.console.info(`Playground at ${context.console.bold(run.playground.url)}`);
  }
  context.console.info('');
}

/** The host port Docker bound container port 5000 to: the binding on `host` first. */
async function publishedPort(container: RunningContainer, host: string): Promise<number | null> {
  const info = await container.handle.inspect();
  const bindings = info.NetworkSettings.Ports['5000/tcp'] ?? [];
  const binding = bindings.find((b) => b.HostIp === host) ?? bindings[0];
  const port = Number(binding?.HostPort);
  return Number.isInteger(port) && port > 0 ? port : null;
}

/**
 * `cog serve --executor colonies`: the same dev image and server, started as a ColonyOS executor
 * (no port published); Ctrl-C stops it, and it deregisters on the way out.
 */
async function serveExecutor(options: ServeOptions, context: CommandContext): Promise<void> {
  const project = loadProject(options.file, context);
  const type = options.executorType ?? project.config.image ?? defaultImageName(project.projectDir);
  let settings: { env: string[]; extraHosts: string[] };
  try {
    settings = executorContainerSettings(context.env, { type, name: options.executorName });
  } catch (error) {
    if (!(error instanceof ColoniesConfigError)) throw error;
    throw new CogError('USAGE', error.message, { hint: error.hint });
  }
  const upload = options.uploadUrl;
  const code = await runInDevImage(
    {
      flags: options,
      cmd: (language) =>
        devServerCommand(language, upload === undefined ? [] : ['--upload-url', upload]),
      env: settings.env,
      ports: [],
      extraHosts: settings.extraHosts,
      notices: [
        `Pulling predictions from ColonyOS colony ${context.env.COLONIES_COLONY_NAME ?? ''} as executor type ${type}\n`,
      ],
      stdout: process.stderr,
      exitCodeOnSignal: () => 0,
    },
    context,
  );
  if (code !== 0 && code !== 130 && code !== 143) {
    throw new CogError('CONTAINER_EXIT', `the executor exited with status ${code}`);
  }
}

/** The /docs page, on localhost when the server listens on every interface. */
export function docsUrl(host: string, port: number): string {
  const local = ['127.0.0.1', '::1', 'localhost', '0.0.0.0', '::'].includes(host);
  return `${local ? `http://localhost:${port}` : serveUrl(host, port)}/docs`;
}

/** `http://localhost:8393` for loopback, both forms for 0.0.0.0, IPv6 bracketed. */
export function serveUrl(host: string, port: number): string {
  if (host === '127.0.0.1' || host === '::1' || host === 'localhost')
    return `http://localhost:${port}`;
  if (host === '0.0.0.0' || host === '::')
    return `http://${host === '::' ? '[::]' : host}:${port} (http://localhost:${port})`;
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

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
  return runInDevImage(
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
          context.console.warn(
            `Using Docker daemon at ${client.host}; the server will bind to ${options.host} on that host, not this machine.`,
          );
        }
        if (watching) watch.watchBuildInputs(project);
      },
      notices: [
        `Serving at ${serveUrl(options.host, options.port)}\n`,
        ...(playground === undefined
          ? []
          : [`Playground at ${context.console.bold(playground.url)}\n`]),
      ],
      // The server's output is logs, not primary output.
      stdout: process.stderr,
      exitCodeOnSignal: () => 0,
    },
    context,
  );
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

/** `http://localhost:8393` for loopback, both forms for 0.0.0.0, IPv6 bracketed. */
export function serveUrl(host: string, port: number): string {
  if (host === '127.0.0.1' || host === '::1' || host === 'localhost')
    return `http://localhost:${port}`;
  if (host === '0.0.0.0' || host === '::')
    return `http://${host === '::' ? '[::]' : host}:${port} (http://localhost:${port})`;
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

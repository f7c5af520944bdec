// `cog serve` (cli.md §8): build the dev image and run the model's HTTP server in the
// foreground on --host:--port (default 127.0.0.1:8393), the project mounted at /src, logs
// streamed. Ctrl-C / SIGTERM stop and remove the container and end with status 0.
import { CogError } from '../../cog-error.ts';
import type { CommandContext } from '../command-context.ts';
import type { ServeOptions } from '../commands/serve.ts';
import { runInDevImage } from './foreground-dev-run.ts';
import { devServerCommand } from '../../server-command.ts';
import { ColoniesConfigError, executorContainerSettings } from '../../colonies/client-config.ts';
import { defaultImageName } from '../../config/index.ts';
import { loadProject } from './load-project.ts';

export async function serveAction(options: ServeOptions, context: CommandContext): Promise<void> {
  if (options.playground) {
    throw new CogError(
      'NOT_IMPLEMENTED',
      '--playground is not supported by this version of cog serve',
      {
        hint: 'Run `cog serve` without --playground and open the API at the printed URL.',
      },
    );
  }
  if (options.executor !== undefined) return serveExecutor(options, context);
  const upload = options.uploadUrl;
  const code = await runInDevImage(
    {
      flags: options,
      cmd: (language) =>
        devServerCommand(language, [
          '--await-explicit-shutdown',
          'true',
          ...(upload === undefined ? [] : ['--upload-url', upload]),
        ]),
      env: [],
      ports: [{ containerPort: 5000, hostIp: options.host, hostPort: options.port }],
      ...(upload === undefined ? {} : { extraHosts: ['host.docker.internal:host-gateway'] }),
      beforeRunning: (client) => {
        if (!client.host.startsWith('unix://') && !client.host.startsWith('npipe://')) {
          context.console.warn(
            `Using Docker daemon at ${client.host}; the server will bind to ${options.host} on that host, not this machine.`,
          );
        }
      },
      notices: [`Serving at ${serveUrl(options.host, options.port)}\n`],
      // The server's output is logs, not primary output.
      stdout: process.stderr,
      exitCodeOnSignal: () => 0,
    },
    context,
  );
  // With a terminal, Ctrl-C reaches the server inside as SIGINT; stopping it that way is a clean exit.
  if (code !== 0 && code !== 130 && code !== 143) {
    throw new CogError('CONTAINER_EXIT', `container exited with status ${code}`);
  }
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

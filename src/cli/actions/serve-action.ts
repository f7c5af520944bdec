// `cog serve` (cli.md §8): build the dev image and run the model's HTTP server in the
// foreground on --host:--port (default 127.0.0.1:8393), the project mounted at /src, logs
// streamed. Ctrl-C / SIGTERM stop and remove the container and end with status 0.
import { CogError } from '../../cog-error.ts';
import { runAttached } from '../../image/attached-run.ts';
import { withCleanup } from '../../image/cleanup-stack.ts';
import { effectiveGpus, gpuDeviceRequests } from '../../image/container-options.ts';
import { connectDocker } from '../../image/docker-client.ts';
import { parseProgressMode } from '../../image/progress-mode.ts';
import type { CommandContext } from '../command-context.ts';
import type { ServeOptions } from '../commands/serve.ts';
import { buildDevImage } from './dev-build.ts';
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
  const progress = parseProgressMode(options.progress, context.env);
  gpuDeviceRequests(options.gpus ?? ''); // a bad --gpus value fails before anything is built
  const client = await connectDocker(context.env);
  const project = loadProject(options.file, context);
  const code = await withCleanup(
    async (stack, scope) => {
      const built = await buildDevImage(
        {
          client,
          stack,
          project,
          file: options.file,
          progress,
          useCudaBaseImage: options.useCudaBaseImage,
          useCogBaseImage: options.useCogBaseImage,
          extractSchema: false,
          signal: scope.signal,
        },
        context,
      );
      const cmd = [
        'python',
        '--check-hash-based-pycs',
        'never',
        '-m',
        'cog.server.http',
        '--await-explicit-shutdown',
        'true',
      ];
      if (options.uploadUrl !== undefined) cmd.push('--upload-url', options.uploadUrl);
      if (!client.host.startsWith('unix://') && !client.host.startsWith('npipe://')) {
        context.console.warn(
          `Using Docker daemon at ${client.host}; the server will bind to ${options.host} on that host, not this machine.`,
        );
      }
      context.console.info('');
      context.console.info(
        `Running ${cmd.join(' ')} in Docker with the current directory mounted as a volume...\n`,
      );
      context.console.info(`Serving at ${serveUrl(options.host, options.port)}\n`);
      return runAttached({
        client,
        stack,
        spec: {
          image: built.name,
          cmd,
          env: [
            'LOG_FORMAT=console',
            ...(context.env.RUST_LOG ? [`RUST_LOG=${context.env.RUST_LOG}`] : []),
          ],
          workdir: '/src',
          binds: [`${project.projectDir}:/src`],
          ports: [{ containerPort: 5000, hostIp: options.host, hostPort: options.port }],
          gpus: effectiveGpus(options.gpus, project.config.build?.gpu === true),
          ...(options.uploadUrl === undefined
            ? {}
            : { extraHosts: ['host.docker.internal:host-gateway'] }),
        },
        gpuRetry: true,
        warn: (m) => context.console.warn(m),
        // The server's output is logs, not primary output.
        stdout: process.stderr,
      });
    },
    { exitCodeOnSignal: () => 0 },
  );
  // With a terminal, Ctrl-C reaches the server inside as SIGINT; stopping it that way is a clean exit.
  if (code !== 0 && code !== 130 && code !== 143) {
    throw new CogError('CONTAINER_EXIT', `container exited with status ${code}`);
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

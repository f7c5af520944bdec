// `cog serve --playground` (spec cli.md §8 steps 1 and 6): the port check that runs before
// anything else, and starting the playground next to the model server (bound to all
// interfaces, talking to the served model, webhooks reaching it via host.docker.internal).
import { CogError } from '../../cog-error.ts';
import { startPlaygroundServer, type PlaygroundServer } from './playground-server.ts';

export interface ServePlaygroundOptions {
  /** `cog serve --host`. */
  serveHost: string;
  /** `cog serve --port`. */
  servePort: number;
  /** `--playground-port`; 0 picks a free port. */
  playgroundPort: number;
  cogVersion: string;
}

/** The playground always binds every interface, as in the original. */
export const PLAYGROUND_BIND_HOST = '0.0.0.0';

function isUnspecified(host: string): boolean {
  return host === '' || host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** `playground port 9000 must differ from the model port 9000` when both would collide. */
export function checkPlaygroundPort(
  options: Pick<ServePlaygroundOptions, 'serveHost' | 'servePort' | 'playgroundPort'>,
): void {
  const { serveHost, servePort, playgroundPort } = options;
  if (playgroundPort === 0 || playgroundPort !== servePort) return;
  const overlapping =
    serveHost === PLAYGROUND_BIND_HOST ||
    isUnspecified(serveHost) ||
    isUnspecified(PLAYGROUND_BIND_HOST);
  if (overlapping) {
    throw new CogError(
      'USAGE',
      `playground port ${playgroundPort} must differ from the model port ${servePort}`,
      {
        hint: 'Pass another --playground-port (0 picks a free one).',
      },
    );
  }
}

/** Where the playground reaches the model: the serve host, or loopback when it is unspecified. */
export function serveTarget(serveHost: string, servePort: number): string {
  const host = isUnspecified(serveHost) ? '127.0.0.1' : serveHost;
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${bracketed}:${servePort}`;
}

export function startServePlayground(options: ServePlaygroundOptions): Promise<PlaygroundServer> {
  return startPlaygroundServer({
    host: PLAYGROUND_BIND_HOST,
    port: options.playgroundPort,
    target: serveTarget(options.serveHost, options.servePort),
    webhookHost: 'host.docker.internal',
    cogVersion: options.cogVersion,
  });
}

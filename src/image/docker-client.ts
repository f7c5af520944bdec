// The one edge to the Docker Engine API. dockerode is imported lazily (only commands that talk
// to Docker pay for it), and every daemon error is translated here, once, into a named
// CogError; the rest of the code never matches daemon message text.
import path from 'node:path';
import type Dockerode from 'dockerode';
import { CogError } from '../cog-error.ts';

export interface DockerClient {
  /** The daemon address as the user would write it, e.g. `unix:///var/run/docker.sock`. */
  readonly host: string;
  /** The raw dockerode handle, for the modules of src/image only. */
  readonly api: Dockerode;
}

const DEFAULT_HOST = 'unix:///var/run/docker.sock';

/** The daemon address dockerode will use: `DOCKER_HOST`, else the default socket. */
export function dockerHost(env: NodeJS.ProcessEnv = process.env): string {
  const host = env.DOCKER_HOST?.trim();
  return host === undefined || host === '' ? DEFAULT_HOST : host;
}

/** Connects to the daemon and pings it, so a dead daemon fails here with one clear line. */
export async function connectDocker(env: NodeJS.ProcessEnv = process.env): Promise<DockerClient> {
  const host = dockerHost(env);
  const { default: Docker } = await loadDockerode();
  const api = new Docker(await dockerodeOptions(host, env));
  try {
    await api.ping();
  } catch (error) {
    throw translateDockerError(error, { host });
  }
  return { host, api };
}

/** dockerode loads only here; the bundle gives its CommonJS code `__dirname` (scripts/build.ts). */
async function loadDockerode(): Promise<{ default: typeof Dockerode }> {
  return (await import('dockerode')) as unknown as { default: typeof Dockerode };
}

/**
 * Connection options from the host string and the given environment (not only process.env):
 * `unix://` sockets, `tcp://` with TLS when `DOCKER_TLS_VERIFY` is set (certificates from
 * `DOCKER_CERT_PATH`). Other schemes (ssh://) are left to docker-modem's own parsing.
 */
export async function dockerodeOptions(
  host: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Dockerode.DockerOptions> {
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  if (!/^(tcp|http|https):\/\//.test(host)) return {};
  const tls =
    host.startsWith('https://') ||
    (env.DOCKER_TLS_VERIFY !== undefined &&
      env.DOCKER_TLS_VERIFY !== '' &&
      env.DOCKER_TLS_VERIFY !== '0');
  const url = new URL(host.replace(/^tcp:/, 'http:'));
  const options: Dockerode.DockerOptions = {
    host: url.hostname,
    port: Number(url.port) || (tls ? 2376 : 2375),
    protocol: tls ? 'https' : 'http',
  };
  if (tls) {
    const { readFile } = await import('node:fs/promises');
    const dir = env.DOCKER_CERT_PATH || path.join(env.HOME ?? '', '.docker');
    const read = (name: string) => readFile(path.join(dir, name)).catch(() => undefined);
    const [ca, cert, key] = await Promise.all([read('ca.pem'), read('cert.pem'), read('key.pem')]);
    if (ca !== undefined) options.ca = ca;
    if (cert !== undefined) options.cert = cert;
    if (key !== undefined) options.key = key;
  }
  return options;
}

interface DaemonErrorShape {
  code?: string;
  statusCode?: number;
  json?: { message?: string } | null;
  reason?: string;
  message?: string;
}

export interface TranslateContext {
  host?: string;
  /** What was being done, e.g. `inspecting image cog-foo`; used for 404s. */
  subject?: string;
}

/** Maps a dockerode/daemon error to a CogError. Already-translated errors pass through. */
export function translateDockerError(error: unknown, context: TranslateContext = {}): CogError {
  if (error instanceof CogError) return error;
  const e = (
    typeof error === 'object' && error !== null ? error : { message: String(error) }
  ) as DaemonErrorShape;
  const host = context.host ?? dockerHost();
  if (
    e.code === 'ECONNREFUSED' ||
    e.code === 'ENOENT' ||
    e.code === 'ECONNRESET' ||
    e.code === 'EHOSTUNREACH'
  ) {
    return new CogError(
      'DOCKER_UNREACHABLE',
      `error pinging docker daemon: Cannot connect to the Docker daemon at ${host}. Is the docker daemon running?`,
      {
        hint: 'Start Docker (e.g. `sudo systemctl start docker`), or point DOCKER_HOST at a running daemon.',
        cause: error,
      },
    );
  }
  if (e.code === 'EACCES') {
    return new CogError(
      'DOCKER_PERMISSION_DENIED',
      `permission denied while trying to connect to the Docker daemon socket at ${host}`,
      {
        hint: 'Add your user to the `docker` group (then log in again), or run with access to the socket.',
        cause: error,
      },
    );
  }
  const message = daemonMessage(e);
  if (e.statusCode === 404) {
    return new CogError('DOCKER_NOT_FOUND', message, { cause: error });
  }
  if (e.statusCode === 409) {
    return new CogError('DOCKER_CONFLICT', message, { cause: error });
  }
  return new CogError('DOCKER_ERROR', message, { cause: error });
}

function daemonMessage(e: DaemonErrorShape): string {
  const fromJson = e.json?.message;
  if (typeof fromJson === 'string' && fromJson !== '') return fromJson.trim();
  return (e.message ?? e.reason ?? 'unknown Docker error')
    .replace(/^\(HTTP code \d+\) [a-z ]+ - /, '')
    .trim();
}

/** True when the error is a translated "no such image/container". */
export function isNotFound(error: unknown): boolean {
  return error instanceof CogError && error.code === 'DOCKER_NOT_FOUND';
}

/** Runs a daemon call and translates any failure. */
export async function dockerCall<T>(
  client: DockerClient,
  call: () => Promise<T>,
  subject?: string,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translateDockerError(error, {
      host: client.host,
      ...(subject === undefined ? {} : { subject }),
    });
  }
}

/** The ID (`sha256:…`) of a local image, or null when it is not there. */
export async function localImageId(client: DockerClient, name: string): Promise<string | null> {
  try {
    return (await client.api.getImage(name).inspect()).Id;
  } catch {
    return null;
  }
}

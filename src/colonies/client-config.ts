// The ColonyOS settings of the host-side commands, from the same COLONIES_* variables the
// ColonyOS CLI reads, pure: `cog run --remote colonies` (a user key) and
// `cog serve --executor colonies` (the variables handed to the executor container).
import type { ColoniesServer } from './colonies-client.ts';
import { isHex64 } from './crypto.ts';

export interface RemoteConfig {
  server: ColoniesServer;
  colonyName: string;
  /** The submitting user's key. */
  userKey: string;
}

export class ColoniesConfigError extends Error {
  readonly hint: string;
  constructor(message: string, hint: string) {
    super(message);
    this.hint = hint;
  }
}

const HINT =
  'Set COLONIES_SERVER_HOST, COLONIES_SERVER_PORT, COLONIES_COLONY_NAME and COLONIES_PRVKEY (see docs/colonies.md).';
const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);

function required(env: NodeJS.ProcessEnv, name: string, why: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ColoniesConfigError(`${why} needs ${name}`, HINT);
  return value;
}

export function serverFromEnv(env: NodeJS.ProcessEnv, why: string): ColoniesServer {
  const host = required(env, 'COLONIES_SERVER_HOST', why);
  const portText = required(env, 'COLONIES_SERVER_PORT', why);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535)
    throw new ColoniesConfigError(
      `COLONIES_SERVER_PORT must be a port number, not "${portText}"`,
      HINT,
    );
  return { host, port, tls: TRUE_WORDS.has((env.COLONIES_TLS ?? '').trim().toLowerCase()) };
}

export function remoteConfigFromEnv(env: NodeJS.ProcessEnv): RemoteConfig {
  const why = '--remote colonies';
  const server = serverFromEnv(env, why);
  const colonyName = required(env, 'COLONIES_COLONY_NAME', why);
  const userKey = required(env, 'COLONIES_PRVKEY', why);
  if (!isHex64(userKey))
    throw new ColoniesConfigError(
      'COLONIES_PRVKEY must be 64 lower-case hex characters (a ColonyOS private key)',
      HINT,
    );
  return { server, colonyName, userKey };
}

const PASSED_TO_EXECUTOR = [
  'COLONIES_SERVER_PORT',
  'COLONIES_TLS',
  'COLONIES_COLONY_NAME',
  'COLONIES_PRVKEY',
  'COLONIES_COLONY_PRVKEY',
  'COG_COLONIES_ASSIGN_TIMEOUT',
];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * The container settings of `cog serve --executor colonies`: the COLONIES_* variables, with a
 * server on this machine's loopback reached through the Docker host gateway (the ColonyOS server
 * listens on every interface).
 */
export function executorContainerSettings(
  env: NodeJS.ProcessEnv,
  executor: { type: string; name: string | undefined },
): { env: string[]; extraHosts: string[] } {
  const why = 'cog serve --executor colonies';
  const server = serverFromEnv(env, why);
  required(env, 'COLONIES_COLONY_NAME', why);
  if (!env.COLONIES_PRVKEY && !env.COLONIES_COLONY_PRVKEY)
    throw new ColoniesConfigError(
      `${why} needs COLONIES_PRVKEY (an approved executor key) or COLONIES_COLONY_PRVKEY (to register one)`,
      HINT,
    );
  const loopback = LOOPBACK.has(server.host);
  const out = [
    'COG_EXECUTOR=colonies',
    `COLONIES_SERVER_HOST=${loopback ? 'host.docker.internal' : server.host}`,
  ];
  for (const name of PASSED_TO_EXECUTOR) {
    const value = env[name];
    if (value) out.push(`${name}=${value}`);
  }
  out.push(`COLONIES_EXECUTOR_TYPE=${executor.type}`);
  if (executor.name) out.push(`COLONIES_EXECUTOR_NAME=${executor.name}`);
  return { env: out, extraHosts: loopback ? ['host.docker.internal:host-gateway'] : [] };
}

// The executor mode's configuration from the environment (COG_EXECUTOR=colonies), pure.
// Keys are validated by shape only and never appear in an error message.
import { parse as parseYaml } from 'yaml';
import type { ColoniesServer } from '../../colonies/colonies-client.ts';
import { isHex64 } from '../../colonies/crypto.ts';

export interface ExecutorConfig {
  server: ColoniesServer;
  colonyName: string;
  /** A pre-registered, approved executor key (preferred), or null to self-register. */
  executorKey: string | null;
  /** The colony owner key, to register a fresh executor key (and deregister at exit). */
  colonyKey: string | null;
  executorType: string;
  executorName: string;
  /** Seconds an assign long-poll parks; short, because the server can miss a wake-up. */
  assignTimeoutSeconds: number;
  /** Output files above this many bytes go to the upload URL instead of inline. */
  inlineLimitBytes: number;
  /** COG_COLONIES_UPLOAD_URL (`--upload-url` wins over it), or null. */
  uploadUrl: string | null;
}

/** 1 MiB: a data URI travels base64 in the process twice (close, then the client's read). */
export const DEFAULT_INLINE_LIMIT_BYTES = 1024 * 1024;

export class ExecutorConfigError extends Error {}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);

/** Executor types and names are shown in ColonyOS listings; keep them to a safe alphabet. */
export function sanitiseName(text: string): string {
  return text
    .trim()
    .replace(/[^A-Za-z0-9._:/@-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200);
}

function cogYamlImage(cogYamlText: string | null): string {
  if (cogYamlText === null) return '';
  try {
    const doc = parseYaml(cogYamlText) as { image?: unknown } | null;
    return typeof doc?.image === 'string' ? doc.image : '';
  } catch {
    return '';
  }
}

export function parseExecutorConfig(
  env: NodeJS.ProcessEnv,
  context: { cogYamlText: string | null; hostname: string; randomHex: string },
): ExecutorConfig {
  const need = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) throw new ExecutorConfigError(`COG_EXECUTOR=colonies needs ${name}`);
    return value;
  };
  const host = need('COLONIES_SERVER_HOST');
  const portText = need('COLONIES_SERVER_PORT');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535)
    throw new ExecutorConfigError(`COLONIES_SERVER_PORT must be a port number, not "${portText}"`);
  const colonyName = need('COLONIES_COLONY_NAME');
  const key = (name: string): string | null => {
    const value = env[name]?.trim();
    if (!value) return null;
    if (!isHex64(value))
      throw new ExecutorConfigError(
        `${name} must be 64 lower-case hex characters (a ColonyOS private key)`,
      );
    return value;
  };
  const executorKey = key('COLONIES_PRVKEY');
  const colonyKey = key('COLONIES_COLONY_PRVKEY');
  if (executorKey === null && colonyKey === null)
    throw new ExecutorConfigError(
      'COG_EXECUTOR=colonies needs COLONIES_PRVKEY (an approved executor key) or COLONIES_COLONY_PRVKEY (to register one)',
    );
  const executorType = sanitiseName(
    env.COLONIES_EXECUTOR_TYPE || cogYamlImage(context.cogYamlText),
  );
  if (!executorType)
    throw new ExecutorConfigError(
      'COG_EXECUTOR=colonies needs COLONIES_EXECUTOR_TYPE (or `image:` in cog.yaml): the type clients submit to',
    );
  const executorName =
    sanitiseName(env.COLONIES_EXECUTOR_NAME ?? '') ||
    sanitiseName(`${context.hostname}-${context.randomHex}`);
  const assign = Number(env.COG_COLONIES_ASSIGN_TIMEOUT);
  return {
    ...outputFileSettings(env),
    server: { host, port, tls: TRUE_WORDS.has((env.COLONIES_TLS ?? '').trim().toLowerCase()) },
    colonyName,
    executorKey,
    colonyKey,
    executorType,
    executorName,
    assignTimeoutSeconds: Number.isInteger(assign) && assign > 0 ? assign : 3,
  };
}

function outputFileSettings(
  env: NodeJS.ProcessEnv,
): Pick<ExecutorConfig, 'inlineLimitBytes' | 'uploadUrl'> {
  const limitText = env.COG_COLONIES_INLINE_LIMIT?.trim() ?? '';
  if (limitText !== '' && !/^\d+$/.test(limitText))
    throw new ExecutorConfigError(
      `COG_COLONIES_INLINE_LIMIT must be a number of bytes (e.g. 1048576), not "${limitText}"`,
    );
  const uploadText = env.COG_COLONIES_UPLOAD_URL?.trim() ?? '';
  if (uploadText !== '' && !isHttpUrl(uploadText))
    throw new ExecutorConfigError(
      // Not echoed: an upload URL may carry a token.
      'COG_COLONIES_UPLOAD_URL must be an absolute http:// or https:// URL',
    );
  return {
    inlineLimitBytes: limitText === '' ? DEFAULT_INLINE_LIMIT_BYTES : Number(limitText),
    uploadUrl: uploadText === '' ? null : uploadText,
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

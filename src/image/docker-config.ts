// The docker CLI's config file (`$DOCKER_CONFIG/config.json`, default `~/.docker/config.json`)
// as far as registry credentials go (spec cli.md §11.1): reading it, choosing the credential
// helper for a host (`credHelpers[host]`, then `credsStore`), and storing a login, either
// through that helper or as `auths[host].auth` in the file. Secrets are passed on stdin or
// written to the file, never put in argv or in an error message. A file that exists but is not
// understood (bad JSON, wrong shape, unreadable) is never rewritten: it holds the user's other
// logins and settings.
import { chmod, mkdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CogError } from '../cog-error.ts';

export interface DockerConfigFile {
  auths?: Record<
    string,
    { auth?: string; username?: string; password?: string; identitytoken?: string }
  >;
  credsStore?: string;
  credHelpers?: Record<string, string>;
  [other: string]: unknown;
}

export interface RegistryCredentials {
  username: string;
  password: string;
}

export function dockerConfigPath(env: NodeJS.ProcessEnv): string {
  const dir = env.DOCKER_CONFIG || path.join(env.HOME || os.homedir(), '.docker');
  return path.join(dir, 'config.json');
}

/** For reading credentials, a missing or unreadable file is an empty config, as for the docker CLI. */
export async function readDockerConfig(env: NodeJS.ProcessEnv): Promise<DockerConfigFile> {
  try {
    return await readDockerConfigForUpdate(env);
  } catch {
    return {};
  }
}

/**
 * The config as a base for writing it back: `{}` only when the file does not exist; a file that
 * cannot be read or parsed, or whose credential fields have the wrong shape, is an error naming
 * the file, so nothing in it is lost by a rewrite.
 */
export async function readDockerConfigForUpdate(env: NodeJS.ProcessEnv): Promise<DockerConfigFile> {
  const file = dockerConfigPath(env);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw invalidConfig(file, `it cannot be read (${(error as Error).message})`);
  }
  return parseDockerConfig(text, file);
}

/** Pure: the file's text to a config, or DOCKER_CONFIG_INVALID saying what is wrong where. */
export function parseDockerConfig(text: string, file: string): DockerConfigFile {
  if (text.trim() === '') return {}; // the docker CLI treats an empty file as an empty config
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidConfig(file, `it is not valid JSON (${(error as Error).message})`);
  }
  if (!isPlainObject(value)) throw invalidConfig(file, 'it is not a JSON object');
  for (const key of ['auths', 'credHelpers'] as const) {
    if (value[key] !== undefined && !isPlainObject(value[key]))
      throw invalidConfig(file, `"${key}" is not an object`);
  }
  if (value.credsStore !== undefined && typeof value.credsStore !== 'string')
    throw invalidConfig(file, '"credsStore" is not a string');
  return value as DockerConfigFile;
}

function invalidConfig(file: string, what: string): CogError {
  return new CogError('DOCKER_CONFIG_INVALID', `cannot update the Docker config ${file}: ${what}`, {
    hint: `Fix or move ${file} and log in again; it was left unchanged.`,
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The key credentials are stored under: the bare host, Docker Hub under its historical URL. */
export function credentialKey(host: string): string {
  return host === 'docker.io' || host === 'index.docker.io' ? 'https://index.docker.io/v1/' : host;
}

/** The credential helper that owns `host`, if any: `credHelpers[host]`, else `credsStore`. */
export function credentialHelperFor(config: DockerConfigFile, host: string): string | undefined {
  const helper = config.credHelpers?.[host] ?? config.credsStore;
  return helper === undefined || helper === '' ? undefined : helper;
}

/** Where `storeCredentials` put the login, for the success message and tests. */
export type StoredIn = { helper: string } | { file: string };

export async function storeCredentials(
  host: string,
  credentials: RegistryCredentials,
  env: NodeJS.ProcessEnv,
): Promise<StoredIn> {
  const config = await readDockerConfigForUpdate(env);
  const key = credentialKey(host);
  const helper = credentialHelperFor(config, host);
  if (helper !== undefined) {
    await storeWithHelper(helper, key, credentials, env);
    return { helper };
  }
  const file = dockerConfigPath(env);
  const auths = { ...config.auths };
  auths[key] = {
    auth: Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64'),
  };
  await writeConfigFile(file, { ...config, auths });
  return { file };
}

async function storeWithHelper(
  helper: string,
  serverUrl: string,
  credentials: RegistryCredentials,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const { execa } = await import('execa');
  const program = `docker-credential-${helper}`;
  const input = JSON.stringify({
    ServerURL: serverUrl,
    Username: credentials.username,
    Secret: credentials.password,
  });
  const result = await execa(program, ['store'], {
    input,
    env,
    extendEnv: false,
    reject: false,
    timeout: 30_000,
  });
  if (result.exitCode !== 0) {
    // The helper's own output names the problem; it is not given the secret back.
    const said = `${String(result.stderr)} ${String(result.stdout)}`.trim();
    const reason = result.failed && result.exitCode === undefined ? result.shortMessage : said;
    throw new CogError(
      'CREDENTIALS_SAVE_FAILED',
      `failed to save credentials: Failed to run ${program}: ${reason || `exit status ${result.exitCode}`}`,
      {
        hint: `Check that ${program} is installed and on PATH, or remove it from the Docker config.`,
      },
    );
  }
}

/**
 * Written to a temporary file and renamed, so a crash never leaves half a config; mode 0600.
 * A symlinked config.json (dotfile managers) is written through, not replaced by a file.
 */
async function writeConfigFile(configPath: string, config: DockerConfigFile): Promise<void> {
  const file = await realpath(configPath).catch(() => configPath);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(temporary, `${JSON.stringify(config, null, '\t')}\n`, { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw new CogError(
      'CREDENTIALS_SAVE_FAILED',
      `failed to save credentials: Failed to save Docker config.json: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

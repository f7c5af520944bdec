// Registry credentials for pushes, read the way the docker CLI reads them: `credHelpers[host]`,
// else `credsStore`, else `auths[host]` in `$DOCKER_CONFIG/config.json` (default
// `~/.docker/config.json`). Unlike the original, per-registry `credHelpers` are honoured and
// r8.im credentials are never sent to another registry.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface RegistryAuth {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress: string;
}

interface DockerConfigFile {
  auths?: Record<
    string,
    { auth?: string; username?: string; password?: string; identitytoken?: string }
  >;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** The registry host of an image name: its first component when that looks like a host. */
export function registryHost(image: string): string {
  const first = image.split('/')[0] ?? '';
  if (image.includes('/') && (/[.:]/.test(first) || first === 'localhost')) return first;
  return 'docker.io';
}

export async function registryAuth(
  host: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RegistryAuth | undefined> {
  const config = await readDockerConfig(env);
  const key = host === 'docker.io' ? 'https://index.docker.io/v1/' : host;
  const helper = config.credHelpers?.[host] ?? config.credsStore;
  if (helper !== undefined && helper !== '') {
    const fromHelper = await fromCredentialHelper(helper, key);
    if (fromHelper !== undefined) return fromHelper;
  }
  const entry =
    config.auths?.[key] ?? config.auths?.[`https://${key}`] ?? config.auths?.[`http://${key}`];
  if (entry === undefined) return undefined;
  if (entry.identitytoken) return { identitytoken: entry.identitytoken, serveraddress: key };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return {
      username: decoded.slice(0, colon),
      password: decoded.slice(colon + 1),
      serveraddress: key,
    };
  }
  if (entry.username !== undefined)
    return { username: entry.username, password: entry.password ?? '', serveraddress: key };
  return undefined;
}

async function readDockerConfig(env: NodeJS.ProcessEnv): Promise<DockerConfigFile> {
  const dir = env.DOCKER_CONFIG || path.join(env.HOME || os.homedir(), '.docker');
  try {
    return JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8')) as DockerConfigFile;
  } catch {
    return {};
  }
}

async function fromCredentialHelper(
  helper: string,
  serverUrl: string,
): Promise<RegistryAuth | undefined> {
  const { execa } = await import('execa');
  const result = await execa(`docker-credential-${helper}`, ['get'], {
    input: serverUrl,
    reject: false,
    timeout: 10_000,
  });
  if (result.exitCode !== 0) return undefined;
  try {
    const body = JSON.parse(String(result.stdout)) as { Username?: string; Secret?: string };
    if (body.Username === '<token>')
      return { identitytoken: body.Secret ?? '', serveraddress: serverUrl };
    return { username: body.Username ?? '', password: body.Secret ?? '', serveraddress: serverUrl };
  } catch {
    return undefined;
  }
}

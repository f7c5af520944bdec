// Registry credentials for pushes, read the way the docker CLI reads them: `credHelpers[host]`,
// else `credsStore`, else `auths[host]` in `$DOCKER_CONFIG/config.json` (default
// `~/.docker/config.json`). Unlike the original, per-registry `credHelpers` are honoured and
// r8.im credentials are never sent to another registry.
import { credentialHelperFor, credentialKey, readDockerConfig } from './docker-config.ts';

export interface RegistryAuth {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress: string;
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
  const key = credentialKey(host);
  const helper = credentialHelperFor(config, host);
  if (helper !== undefined) {
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

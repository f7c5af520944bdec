// Checks a username and password against a registry before `cog login` stores them, the way
// `docker login` does: GET /v2/, and on a 401 answer the challenge in WWW-Authenticate, Basic
// (send the credentials) or Bearer (fetch a token from the realm with them, then retry /v2/
// with the token). Loopback registries are tried over HTTPS, then plain HTTP, as the daemon
// treats 127.0.0.0/8 as insecure. The password only ever travels in an Authorization header.
import { CogError } from '../cog-error.ts';
import type { RegistryCredentials } from './docker-config.ts';

export interface AuthChallenge {
  /** Lower-cased: `basic`, `bearer`, ... */
  scheme: string;
  params: Record<string, string>;
}

/** `Bearer realm="https://auth/token",service="registry"` → scheme and parameters. */
export function parseAuthChallenge(header: string): AuthChallenge | undefined {
  const match = /^\s*([A-Za-z][\w-]*)\s*(.*)$/s.exec(header);
  if (match === null) return undefined;
  const params: Record<string, string> = {};
  const pattern = /([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?\s*/g;
  for (const m of (match[2] ?? '').matchAll(pattern)) {
    const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
    params[(m[1] ?? '').toLowerCase()] = value;
  }
  return { scheme: (match[1] ?? '').toLowerCase(), params };
}

/** The token endpoint's URL for a Bearer challenge (docker's `account` and `client_id`). */
export function tokenUrl(challenge: AuthChallenge, username: string): URL {
  const realm = challenge.params['realm'];
  if (realm === undefined || realm === '')
    throw new CogError('LOGIN_FAILED', 'the registry asked for a token but named no realm');
  const url = new URL(realm);
  if (challenge.params['service']) url.searchParams.set('service', challenge.params['service']);
  if (challenge.params['scope']) url.searchParams.set('scope', challenge.params['scope']);
  url.searchParams.set('account', username);
  url.searchParams.set('client_id', 'cog');
  return url;
}

export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

export interface VerifyLoginOptions {
  host: string;
  credentials: RegistryCredentials;
  fetch?: typeof fetch;
  /** Per request. */
  timeoutMs?: number;
}

/** Resolves when the registry accepts the credentials; throws LOGIN_FAILED / REGISTRY_UNREACHABLE. */
export async function verifyRegistryLogin(options: VerifyLoginOptions): Promise<void> {
  const bases = isLoopbackHost(options.host)
    ? [`https://${options.host}`, `http://${options.host}`]
    : [`https://${options.host}`];
  let lastError: unknown;
  for (const base of bases) {
    let first: Response;
    try {
      first = await get(options, `${base}/v2/`, {});
    } catch (error) {
      lastError = error;
      continue;
    }
    return answerChallenge(options, base, first);
  }
  const reason = lastError instanceof Error ? causeText(lastError) : String(lastError);
  throw new CogError('REGISTRY_UNREACHABLE', `failed to reach ${options.host}: ${reason}`, {
    hint: 'Check the registry address (--registry or COG_REGISTRY_HOST) and your network.',
    cause: lastError,
  });
}

async function answerChallenge(
  options: VerifyLoginOptions,
  base: string,
  first: Response,
): Promise<void> {
  await first.body?.cancel();
  if (first.ok) return; // an open registry: nothing to check, as docker login
  if (first.status !== 401) throw unexpected(options.host, first.status);
  const challenge = parseAuthChallenge(first.headers.get('www-authenticate') ?? '');
  const basic = basicAuth(options.credentials);
  if (challenge === undefined || challenge.scheme === 'basic') {
    const second = await get(options, `${base}/v2/`, { authorization: basic });
    await second.body?.cancel();
    if (second.ok) return;
    throw second.status === 401
      ? badCredentials(options.host)
      : unexpected(options.host, second.status);
  }
  if (challenge.scheme !== 'bearer')
    throw new CogError(
      'LOGIN_FAILED',
      `${options.host} asks for unsupported "${challenge.scheme}" authentication`,
    );
  const tokenResponse = await get(options, tokenUrl(challenge, options.credentials.username).href, {
    authorization: basic,
  });
  if (tokenResponse.status === 401 || tokenResponse.status === 403) {
    await tokenResponse.body?.cancel();
    throw badCredentials(options.host);
  }
  if (!tokenResponse.ok) {
    await tokenResponse.body?.cancel();
    throw unexpected(options.host, tokenResponse.status);
  }
  const body = (await tokenResponse.json().catch(() => ({}))) as {
    token?: string;
    access_token?: string;
  };
  const token = body.token ?? body.access_token;
  if (!token)
    throw new CogError('LOGIN_FAILED', `${options.host}'s token service returned no token`);
  const checked = await get(options, `${base}/v2/`, { authorization: `Bearer ${token}` });
  await checked.body?.cancel();
  if (checked.ok) return;
  throw checked.status === 401
    ? badCredentials(options.host)
    : unexpected(options.host, checked.status);
}

function get(
  options: VerifyLoginOptions,
  url: string,
  headers: Record<string, string>,
): Promise<Response> {
  const doFetch = options.fetch ?? fetch;
  return doFetch(url, {
    headers: { 'user-agent': 'cog', ...headers },
    redirect: 'follow',
    signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
  });
}

function basicAuth(credentials: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

function badCredentials(host: string): CogError {
  return new CogError(
    'LOGIN_FAILED',
    `login to ${host} failed: unauthorized: incorrect username or password`,
    {
      hint: 'Check the username and password (or token); nothing was saved.',
    },
  );
}

function unexpected(host: string, status: number): CogError {
  return new CogError(
    'LOGIN_FAILED',
    `login to ${host} failed: the registry answered HTTP ${status}`,
  );
}

/** fetch's "fetch failed" hides the reason in its cause chain (ECONNREFUSED, a TLS error, ...). */
function causeText(error: Error): string {
  let current: unknown = error;
  let text = error.message;
  while (current instanceof Error && current.cause instanceof Error) {
    current = current.cause;
    text = (current as Error).message;
  }
  return text;
}

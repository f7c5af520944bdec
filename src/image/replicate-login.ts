// Replicate's token login (login-playground.md §A2): the registry's token service tells where a
// user gets a CLI token (`GET /cog/v1/display-token-url`) and turns a token into a username
// (`POST /cog/v1/verify-token`). The token only ever goes to the host it is for: the verify
// call follows no redirect, and nothing here logs or echoes it.
import { CogError } from '../cog-error.ts';
import { isLoopbackHost } from './registry-login.ts';

export const REPLICATE_HOST = 'r8.im';

/** Where the token service of `host` answers: `https://<host>`, plain HTTP on loopback. */
export function tokenServiceBase(host: string): string {
  if (host.includes('://')) return host.replace(/\/+$/, '');
  return `${isLoopbackHost(host) ? 'http' : 'https'}://${host}`;
}

/** The key the credential is stored under: the bare host, without a scheme. */
export function credentialHost(host: string): string {
  return host.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/.*$/, '');
}

export interface TokenServiceOptions {
  host: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export type DisplayTokenUrl =
  { kind: 'url'; url: string } | { kind: 'not-replicate' } | { kind: 'status'; status: number };

/** The page where the user copies a CLI token; 404 means the host is not a Replicate registry. */
export async function fetchDisplayTokenUrl(options: TokenServiceOptions): Promise<DisplayTokenUrl> {
  const url = `${tokenServiceBase(options.host)}/cog/v1/display-token-url`;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
  } catch (error) {
    throw new CogError(
      'REGISTRY_UNREACHABLE',
      `failed to log in to ${options.host}: ${causeText(error)}`,
      {
        hint: 'Check your network, or the host given with --registry / COG_REGISTRY_HOST.',
        cause: error,
      },
    );
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return { kind: 'not-replicate' };
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    return { kind: 'status', status: response.status };
  }
  const body = (await response.json().catch(() => undefined)) as { url?: unknown } | undefined;
  if (typeof body?.url !== 'string' || body.url === '') return { kind: 'not-replicate' };
  return { kind: 'url', url: body.url };
}

/** Checks a token the way the original does before storing anything (§A2 steps 2–3). */
export function checkTokenShape(raw: string): string {
  const token = raw.trim();
  if (token.startsWith('r8_')) {
    throw new CogError(
      'LOGIN_FAILED',
      'that looks like a Replicate API token, not a CLI auth token. Please fetch a token from https://replicate.com/auth/token to log in',
    );
  }
  if (token === '') throw new CogError('LOGIN_FAILED', 'token is empty');
  return token;
}

/** The username a CLI token belongs to; a refused token is an error, nothing stored. */
export async function verifyToken(
  options: TokenServiceOptions & { token: string },
): Promise<string> {
  const url = `${tokenServiceBase(options.host)}/cog/v1/verify-token`;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: options.token }).toString(),
      // A redirect would carry the token to wherever it points.
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
  } catch (error) {
    throw new CogError('REGISTRY_UNREACHABLE', `failed to verify token: ${causeText(error)}`, {
      hint: 'Check your network, or the host given with --registry / COG_REGISTRY_HOST.',
      cause: error,
    });
  }
  if (response.status === 404) {
    await response.body?.cancel();
    throw new CogError('LOGIN_FAILED', 'user does not exist', {
      hint: 'Copy the token again from https://replicate.com/auth/token; nothing was saved.',
    });
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new CogError('LOGIN_FAILED', `failed to verify token, got status ${response.status}`, {
      hint: 'Copy the token again from https://replicate.com/auth/token; nothing was saved.',
    });
  }
  const body = (await response.json().catch(() => undefined)) as { username?: unknown } | undefined;
  if (typeof body?.username !== 'string' || body.username === '') {
    throw new CogError('LOGIN_FAILED', `${options.host} returned no username for the token`);
  }
  return body.username;
}

/** fetch's "fetch failed" hides the reason (ECONNREFUSED, ENOTFOUND, a TLS error) in its cause. */
function causeText(error: unknown): string {
  let current: unknown = error;
  let text = error instanceof Error ? error.message : String(error);
  while (current instanceof Error && current.cause instanceof Error) {
    current = current.cause;
    text = (current as Error).message;
  }
  return text;
}

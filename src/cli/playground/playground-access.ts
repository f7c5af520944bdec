// Who may use the playground: the UI and the proxy only answer the browser on this machine
// (loopback client address, loopback Host header, not a cross-site request), because the proxy
// can reach anything the user's machine can. Webhooks come from the model container and are
// exempt; they can only deliver to a browser that subscribed with the unguessable token.
import type { IncomingMessage } from 'node:http';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const bare = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

export function isLoopbackHostHeader(host: string | undefined): boolean {
  if (host === undefined || host === '') return false;
  try {
    return LOOPBACK_HOSTS.has(new URL(`http://${host}`).hostname);
  } catch {
    return false;
  }
}

/** Same-origin or direct navigation; any other `Sec-Fetch-Site`, or a foreign Origin, is cross-site. */
export function isSameSite(request: IncomingMessage): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  return origin === `http://${request.headers.host ?? ''}`;
}

export function isLocalBrowser(request: IncomingMessage): boolean {
  return (
    isLoopbackAddress(request.socket.remoteAddress) &&
    isLoopbackHostHeader(request.headers.host) &&
    isSameSite(request)
  );
}

/** Headers on every response: no framing, no sniffing, no referrers, only our own resources. */
export const securityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};

// `/proxy/<path>`: forwards a request from the playground UI to the Cog server named in the
// `X-Cog-Target` header, streaming both ways (so server-sent events pass through). Credentials
// and browser-identity headers are not forwarded; headers that could change browser state for
// this origin are not returned. The upstream headers travel back, base64url JSON encoded, in
// `X-Cog-Upstream-Headers` so the UI can read them despite the browser's CORS filtering.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

const DROPPED_REQUEST_HEADERS = new Set([
  'x-cog-target',
  'authorization',
  'cookie',
  'origin',
  'referer',
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
]);
const DROPPED_RESPONSE_HEADERS = new Set([
  'clear-site-data',
  'service-worker-allowed',
  'set-cookie',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'content-encoding',
]);
const MAX_UPSTREAM_HEADERS_BYTES = 32 * 1024;

export type JsonReply = (status: number, body: unknown) => void;

export async function proxyRequest(
  request: IncomingMessage,
  response: ServerResponse,
  upstreamPath: string,
  reply: JsonReply,
): Promise<void> {
  const targetHeader = request.headers['x-cog-target'];
  const target = Array.isArray(targetHeader) ? targetHeader[0] : targetHeader;
  if (target === undefined || target === '') return reply(400, { error: 'no target API set' });
  let url: URL;
  try {
    url = new URL(upstreamPath, target.endsWith('/') ? target : `${target}/`);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  } catch {
    return reply(400, { error: 'invalid target API URL' });
  }

  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || DROPPED_REQUEST_HEADERS.has(name)) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const abort = new AbortController();
  response.on('close', () => abort.abort());
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await fetch(url, {
      method: request.method ?? 'GET',
      headers,
      redirect: 'manual',
      signal: abort.signal,
      ...(hasBody ? { body: Readable.toWeb(request) as ReadableStream, duplex: 'half' } : {}),
    } as RequestInit);
  } catch (error) {
    const reason =
      error instanceof Error
        ? ((error.cause as Error | undefined)?.message ?? error.message)
        : String(error);
    return reply(502, { error: `cannot reach target API: ${reason}` });
  }

  const returned: Record<string, string> = {};
  const all: Record<string, string> = {};
  upstream.headers.forEach((value, name) => {
    all[name] = value;
    if (DROPPED_RESPONSE_HEADERS.has(name)) return;
    if (name === 'location' && upstream.status >= 300 && upstream.status < 400) return;
    returned[name] = value;
  });
  const encoded = Buffer.from(JSON.stringify(all)).toString('base64url');
  if (encoded.length <= MAX_UPSTREAM_HEADERS_BYTES) returned['x-cog-upstream-headers'] = encoded;
  returned['cache-control'] = 'no-store';
  response.writeHead(upstream.status, returned);
  if (upstream.body === null) {
    response.end();
    return;
  }
  // Pass chunks on as they arrive: no buffering, so SSE streams reach the browser live.
  const body = Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream);
  body.on('error', () => response.destroy());
  body.pipe(response);
}

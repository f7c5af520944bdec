// The `cog playground` HTTP server (spec cli.md §10.4): the UI (`/`, `/app.js`), its settings
// (`/config`), the proxy to the model server (`/proxy/…`) and the webhook relay (`/webhook/…`,
// `/events`). Used by `cog playground` and `cog serve --playground`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CogError } from '../../cog-error.ts';
import { isLocalBrowser, securityHeaders } from './playground-access.ts';
import { playgroundHtml, playgroundScript } from './playground-page.ts';
import { proxyRequest } from './playground-proxy.ts';
import { WebhookRelay } from './webhook-relay.ts';

export interface PlaygroundServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The Cog server the UI talks to by default, e.g. `http://localhost:8393`. */
  target: string;
  /** Host name the model container uses to reach this server (for webhook URLs). */
  webhookHost: string;
  cogVersion: string;
}

export interface PlaygroundServer {
  /** The port actually bound. */
  port: number;
  /** Where a browser on this machine opens the UI. */
  url: string;
  /** Stops accepting, ends event streams, waits up to `graceMs` for open requests. */
  close(graceMs?: number): Promise<void>;
}

export async function startPlaygroundServer(
  options: PlaygroundServerOptions,
): Promise<PlaygroundServer> {
  const relay = new WebhookRelay();
  let port = options.port;
  const server = createServer((request, response) => {
    handle(request, response, { ...options, port }, relay).catch((error: unknown) => {
      if (!response.headersSent)
        sendJson(response, 500, { error: error instanceof Error ? error.message : String(error) });
      else response.destroy();
    });
  });
  try {
    await listen(server, options.host, options.port);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CogError('PLAYGROUND_BIND', `starting playground server: ${reason}`, {
      cause: error,
    });
  }
  port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${urlHost(browserHost(options.host))}:${port}/`,
    close: (graceMs = 5000) => closeServer(server, relay, graceMs),
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  options: PlaygroundServerOptions,
  relay: WebhookRelay,
): Promise<void> {
  for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
  const url = new URL(request.url ?? '/', 'http://playground.invalid');
  const reply = (status: number, body: unknown): void => sendJson(response, status, body);

  if (url.pathname.startsWith('/webhook/')) {
    if (request.method !== 'POST') {
      response.setHeader('Allow', 'POST');
      return reply(405, { error: 'method not allowed' });
    }
    return relay.deliver(
      decodeURIComponent(url.pathname.slice('/webhook/'.length)),
      request,
      reply,
    );
  }
  if (!isLocalBrowser(request)) {
    return reply(403, { error: 'playground UI and proxy are only available from this browser' });
  }
  if (url.pathname.startsWith('/proxy/')) {
    return proxyRequest(
      request,
      response,
      `${url.pathname.slice('/proxy/'.length)}${url.search}`,
      reply,
    );
  }
  switch (url.pathname) {
    case '/':
      return sendText(response, 'text/html; charset=utf-8', playgroundHtml);
    case '/app.js':
      return sendText(response, 'text/javascript; charset=utf-8', playgroundScript);
    case '/config':
      return reply(200, {
        target: options.target,
        webhookBase: `http://${urlHost(options.webhookHost)}:${options.port}`,
        cogVersion: options.cogVersion,
      });
    case '/events': {
      const token = url.searchParams.get('token') ?? '';
      if (token === '') return reply(400, { error: 'missing token' });
      relay.subscribe(token, response);
      return;
    }
    default:
      return reply(404, { error: 'not found' });
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  response.end(text);
}

function sendText(response: ServerResponse, type: string, text: string): void {
  response.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  response.end(text);
}

/** The address a local browser uses: the bind host, or loopback for an unspecified bind. */
export function browserHost(bindHost: string): string {
  if (bindHost === '' || bindHost === '0.0.0.0') return '127.0.0.1';
  if (bindHost === '::' || bindHost === '[::]') return '::1';
  return bindHost;
}

function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function closeServer(server: Server, relay: WebhookRelay, graceMs: number): Promise<void> {
  relay.close();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(timer);
}

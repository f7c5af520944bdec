// The node:http server: dispatches requests through the route table and writes JSON replies.
// It owns the in-flight body budget; each request's lease ends when its response closes.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { http } from '../node-builtins.ts';
import { BodyBudget, DEFAULT_BODY_BUDGET_BYTES, type BodyLease } from './body-budget.ts';
import { errorReply } from './error-response.ts';
import { HttpError } from './request-body.ts';
import { matchRoute, type AppContext } from './routes.ts';

export interface HttpServerOptions {
  /** Request-body bytes held at once across all connections (COG_MAX_BODY_BYTES_IN_FLIGHT). */
  bodyBudgetBytes?: number;
}

export function createHttpServer(app: AppContext, options: HttpServerOptions = {}): Server {
  const budget = new BodyBudget(options.bodyBudgetBytes ?? DEFAULT_BODY_BUDGET_BYTES);
  const server = http.createServer((request, response) => {
    const bodyLease = budget.lease();
    response.on('close', () => bodyLease.end());
    // handle() answers every error itself; this only guards against a throw while doing so.
    handle(app, request, response, bodyLease).catch(() => response.destroy());
  });
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 0; // sync predictions may run for hours
  return server;
}

async function handle(
  app: AppContext,
  request: IncomingMessage,
  response: ServerResponse,
  bodyLease: BodyLease,
): Promise<void> {
  try {
    const match = matchRoute(request.method ?? 'GET', pathnameOf(request.url ?? '/'));
    if ('status' in match) {
      request.resume();
      return writeJson(response, match.status, {
        detail: match.status === 404 ? 'Not Found' : 'Method Not Allowed',
      });
    }
    const reply = await match.route.handler({
      request,
      response,
      params: match.params,
      app,
      bodyLease,
    });
    if (reply?.html)
      writeText(response, reply.status, String(reply.body), 'text/html; charset=utf-8');
    else if (reply !== null) writeJson(response, reply.status, reply.body);
  } catch (error) {
    const reply = errorReply(error);
    if (!response.headersSent) writeJson(response, reply.status, reply.body, reply.headers);
    else response.end();
  }
}

/**
 * The path of a request target: origin-form (`/a/b?q`) as written, so `//x` stays a path and
 * is not read as a host; absolute-form (`http://h/a`, RFC 9112 §3.2.2) by its URL path.
 */
export function pathnameOf(target: string): string {
  if (target.startsWith('/')) return target.split(/[?#]/, 1)[0] as string;
  if (URL.canParse(target)) return new URL(target).pathname;
  throw new HttpError(400, { detail: 'Invalid request target' });
}

export function writeJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  writeText(response, status, JSON.stringify(body), 'application/json', headers);
}

function writeText(
  response: ServerResponse,
  status: number,
  text: string,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  if (response.destroyed) return;
  // As bytes: node:http would prepend the header to a string body, one more copy of a reply
  // that echoes a 100 MiB input.
  const body = Buffer.from(text, 'utf8');
  response.writeHead(status, {
    ...headers,
    'Content-Type': contentType,
    'Content-Length': body.length,
  });
  response.end(body);
}

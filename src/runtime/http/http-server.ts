// The node:http server: dispatches requests through the route table and writes JSON replies.
// It owns the in-flight body budget; each request's lease ends when its response closes.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { http } from '../node-builtins.ts';
import { BodyBudget, DEFAULT_BODY_BUDGET_BYTES, type BodyLease } from './body-budget.ts';
import { errorReply } from './error-response.ts';
import { HttpError } from './request-body.ts';
import { matchRoute, type AppContext, type RequestNotes } from './routes.ts';
import type { RequestLogEntry } from './request-log.ts';

export interface HttpServerOptions {
  /** Request-body bytes held at once across all connections (COG_MAX_BODY_BYTES_IN_FLIGHT). */
  bodyBudgetBytes?: number;
  /** Called once per request when its response is done or the client went away. */
  logRequest?: (entry: RequestLogEntry) => void;
}

export function createHttpServer(app: AppContext, options: HttpServerOptions = {}): Server {
  const budget = new BodyBudget(options.bodyBudgetBytes ?? DEFAULT_BODY_BUDGET_BYTES);
  const server = http.createServer((request, response) => {
    const started = performance.now();
    const notes: RequestNotes = {};
    const bodyLease = budget.lease();
    response.on('close', () => {
      bodyLease.end();
      options.logRequest?.({
        method: request.method ?? '-',
        path: pathOrDash(request.url ?? '/'),
        status: response.statusCode,
        durationMs: performance.now() - started,
        predictionId: notes.predictionId,
        aborted: !response.writableFinished,
      });
    });
    // handle() answers every error itself; this only guards against a throw while doing so.
    handle(app, request, response, bodyLease, notes).catch(() => response.destroy());
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
  notes: RequestNotes,
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
      notes,
    });
    if (reply?.raw)
      writeBytes(response, reply.status, reply.raw.bytes, reply.raw.contentType, reply.raw.headers);
    else if (reply?.contentType)
      writeText(response, reply.status, String(reply.body), reply.contentType);
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

function pathOrDash(target: string): string {
  try {
    return pathnameOf(target);
  } catch {
    return '-';
  }
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
  // As bytes: node:http would prepend the header to a string body, one more copy of a reply
  // that echoes a 100 MiB input.
  writeBytes(response, status, Buffer.from(text, 'utf8'), contentType, headers);
}

function writeBytes(
  response: ServerResponse,
  status: number,
  body: Buffer,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  if (response.destroyed) return;
  response.writeHead(status, {
    ...headers,
    'Content-Type': contentType,
    'Content-Length': body.length,
  });
  response.end(body);
}

// The node:http server: dispatches requests through the route table and writes JSON replies.
// It owns the in-flight body budget; each request's lease ends when its response closes.
import http from 'node:http';
import { BodyBudget, DEFAULT_BODY_BUDGET_BYTES, type BodyLease } from './body-budget.ts';
import { errorReply } from './error-response.ts';
import { matchRoute, type AppContext } from './routes.ts';

export interface HttpServerOptions {
  /** Request-body bytes held at once across all connections (COG_MAX_BODY_BYTES_IN_FLIGHT). */
  bodyBudgetBytes?: number;
}

export function createHttpServer(app: AppContext, options: HttpServerOptions = {}): http.Server {
  const budget = new BodyBudget(options.bodyBudgetBytes ?? DEFAULT_BODY_BUDGET_BYTES);
  const server = http.createServer((request, response) => {
    const bodyLease = budget.lease();
    response.on('close', () => bodyLease.end());
    void handle(app, request, response, bodyLease);
  });
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 0; // sync predictions may run for hours
  return server;
}

async function handle(
  app: AppContext,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  bodyLease: BodyLease,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const match = matchRoute(request.method ?? 'GET', url.pathname);
  try {
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

export function writeJson(
  response: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  writeText(response, status, JSON.stringify(body), 'application/json', headers);
}

function writeText(
  response: http.ServerResponse,
  status: number,
  text: string,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  if (response.destroyed) return;
  response.writeHead(status, {
    ...headers,
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

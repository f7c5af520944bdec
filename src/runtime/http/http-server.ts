// The node:http server: dispatches requests through the route table and writes JSON replies.
import http from 'node:http';
import { errorReply } from './error-response.ts';
import { matchRoute, type AppContext } from './routes.ts';

export function createHttpServer(app: AppContext): http.Server {
  const server = http.createServer((request, response) => {
    void handle(app, request, response);
  });
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 0; // sync predictions may run for hours
  return server;
}

async function handle(
  app: AppContext,
  request: http.IncomingMessage,
  response: http.ServerResponse,
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
    const reply = await match.route.handler({ request, response, params: match.params, app });
    if (reply?.html)
      writeText(response, reply.status, String(reply.body), 'text/html; charset=utf-8');
    else if (reply !== null) writeJson(response, reply.status, reply.body);
  } catch (error) {
    const reply = errorReply(error);
    if (!response.headersSent) writeJson(response, reply.status, reply.body);
    else response.end();
  }
}

export function writeJson(response: http.ServerResponse, status: number, body: unknown): void {
  writeText(response, status, JSON.stringify(body), 'application/json');
}

function writeText(
  response: http.ServerResponse,
  status: number,
  text: string,
  contentType: string,
): void {
  if (response.destroyed) return;
  response.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

// Every HTTP route of the runtime in one table (spec §1.1). Handlers only translate between
// HTTP and the PredictionService; errors they throw are mapped by errorReply().
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PredictionService } from '../prediction/prediction-service.ts';
import type { PredictionKind } from '../prediction/prediction.ts';
import { checkPathId, parsePredictionRequest } from '../prediction/prediction-request.ts';
import { zlib } from '../node-builtins.ts';
import { AtCapacityError } from '../prediction/service-errors.ts';
import type { BodyLease } from './body-budget.ts';
import { HttpError, readJsonBody } from './request-body.ts';
import { DOCS_PAGE } from './docs-page.ts';
import { swaggerAsset } from './swagger-ui-assets.ts';
import { streamPrediction } from './sse-stream.ts';
import { EXPOSITION_CONTENT_TYPE } from '../metrics/exposition.ts';

export interface AppContext {
  service: PredictionService;
  /** GET /metrics; null when COG_METRICS=0 (the route answers 404). */
  metrics?: { render(): string } | null;
  version: string;
  /** Start a graceful shutdown (POST /shutdown). */
  shutdown(): void;
  /** A problem of the server's own the operator should see (a missing Swagger UI file). */
  warn?: (message: string) => void;
}

export interface RouteContext {
  request: IncomingMessage;
  response: ServerResponse;
  params: Record<string, string>;
  app: AppContext;
  /** This request's share of the in-flight body budget. */
  bodyLease: BodyLease;
  /** What the request log line should say beyond method, path and status. */
  notes: RequestNotes;
}

export interface RequestNotes {
  predictionId?: string;
}

/** Bytes sent as they are (the /docs page and its assets). */
export interface RawBody {
  contentType: string;
  bytes: Buffer;
  headers?: Record<string, string>;
}

/**
 * A JSON reply, raw bytes (`raw` set, `body` ignored), text of another type (`contentType` set:
 * /metrics), or null when the handler wrote the response itself (SSE).
 */
export type Reply = { status: number; body: unknown; raw?: RawBody; contentType?: string } | null;

export interface Route {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  handler(context: RouteContext): Promise<Reply>;
}

const json = (status: number, body: unknown): Reply => ({ status, body });

export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/', handler: async ({ app }) => json(200, rootDocument(app)) },
  {
    method: 'GET',
    path: '/docs',
    handler: async () => ({
      status: 200,
      body: null,
      raw: { contentType: 'text/html; charset=utf-8', bytes: Buffer.from(DOCS_PAGE, 'utf8') },
    }),
  },
  { method: 'GET', path: '/docs/:asset', handler: async (c) => docsAsset(c) },
  {
    method: 'GET',
    path: '/health-check',
    handler: async ({ app }) => json(200, await app.service.health()),
  },
  { method: 'GET', path: '/metrics', handler: async ({ app }) => metricsReply(app) },
  {
    method: 'GET',
    path: '/openapi.json',
    handler: async ({ app }) =>
      app.service.schema
        ? json(200, app.service.schema)
        : json(503, { error: 'OpenAPI schema not available' }),
  },
  { method: 'POST', path: '/predictions', handler: (c) => createPrediction(c, 'prediction') },
  {
    method: 'PUT',
    path: '/predictions/:id',
    handler: (c) => createPrediction(c, 'prediction', c.params.id),
  },
  {
    method: 'POST',
    path: '/predictions/:id/cancel',
    handler: (c) => cancelPrediction(c, 'prediction'),
  },
  { method: 'POST', path: '/trainings', handler: (c) => createPrediction(c, 'training') },
  {
    method: 'PUT',
    path: '/trainings/:id',
    handler: (c) => createPrediction(c, 'training', c.params.id),
  },
  {
    method: 'POST',
    path: '/trainings/:id/cancel',
    handler: (c) => cancelPrediction(c, 'training'),
  },
  {
    method: 'POST',
    path: '/shutdown',
    handler: async ({ app }) => {
      app.shutdown();
      return json(200, {});
    },
  },
];

export type RouteMatch = { route: Route; params: Record<string, string> } | { status: 404 | 405 };

export function matchRoute(
  method: string,
  pathname: string,
  routes: readonly Route[] = ROUTES,
): RouteMatch {
  const parts = pathname.split('/').slice(1);
  let pathMatched = false;
  for (const route of routes) {
    const pattern = route.path.split('/').slice(1);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((segment, i) => {
      const part = parts[i] ?? '';
      if (segment.startsWith(':')) {
        const value = decodedSegment(part);
        if (value === null || value === '') return false;
        params[segment.slice(1)] = value;
        return true;
      }
      return segment === part;
    });
    if (!ok) continue;
    pathMatched = true;
    if (route.method === method) return { route, params };
  }
  return { status: pathMatched ? 405 : 404 };
}

/** A path segment without its percent-encoding; null when that encoding is malformed. */
function decodedSegment(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

function metricsReply(app: AppContext): Reply {
  if (!app.metrics) return json(404, { detail: 'Not Found' });
  return { status: 200, body: app.metrics.render(), contentType: EXPOSITION_CONTENT_TYPE };
}

function rootDocument(app: AppContext): Record<string, string> {
  const doc: Record<string, string> = {
    cog_version: app.service.setup.sdkVersion ?? app.version,
    docs_url: '/docs',
    openapi_url: '/openapi.json',
    shutdown_url: '/shutdown',
    healthcheck_url: '/health-check',
    predictions_url: '/predictions',
    predictions_idempotent_url: '/predictions/{prediction_id}',
    predictions_cancel_url: '/predictions/{prediction_id}/cancel',
  };
  if (app.service.hasTrainingSchema) {
    doc.trainings_url = '/trainings';
    doc.trainings_idempotent_url = '/trainings/{training_id}';
    doc.trainings_cancel_url = '/trainings/{training_id}/cancel';
  }
  return doc;
}

function wantsEventStream(request: IncomingMessage): boolean {
  const accept = request.headers.accept ?? '';
  return accept
    .split(',')
    .some((part) => part.split(';')[0]?.trim().toLowerCase() === 'text/event-stream');
}

/** `Prefer: respond-async` (RFC 7240 allows a list of preferences, e.g. `respond-async, wait=5`). */
function wantsAsync(request: IncomingMessage): boolean {
  const header = request.headers.prefer ?? '';
  const prefer = Array.isArray(header) ? header.join(',') : header;
  return prefer.split(',').some((token) => token.trim().toLowerCase() === 'respond-async');
}

function traceHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of ['traceparent', 'tracestate']) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

async function createPrediction(
  context: RouteContext,
  kind: PredictionKind,
  pathId?: string,
): Promise<Reply> {
  const { request, response, app, bodyLease } = context;
  if (pathId !== undefined) checkPathId(pathId, kind);
  const sse = wantsEventStream(request);
  if (sse && kind === 'training')
    throw new HttpError(406, { error: 'Training endpoints do not support streaming responses.' });
  if (sse && !app.service.streaming) {
    throw new HttpError(406, {
      error:
        'This model does not support streaming responses. Add @cog.streaming to predict() to enable SSE.',
    });
  }
  const body = await readJsonBody(request, { lease: bodyLease });
  const parsed = parsePredictionRequest(body, {
    pathId,
    noun: kind,
    traceHeaders: traceHeaders(request),
  });
  // A reload (cog serve --watch) is replacing the worker: wait for the new one, do not fail.
  await app.service.whenAccepting();
  const { prediction, existing, admission } = app.service.create(kind, parsed);
  context.notes.predictionId = prediction.id;
  // The prediction keeps the parsed input (and its data URIs) until it ends.
  if (!existing) bodyLease.holdUntil(prediction.done);
  const cancel = () => app.service.cancel(prediction.id);
  if (sse) {
    streamPrediction(prediction, response, { cancelOnDisconnect: !existing, cancel });
    return null;
  }
  if (existing || wantsAsync(request)) return json(202, prediction.envelope());
  // A sync client that goes away no longer wants the result.
  response.on('close', () => {
    if (!response.writableEnded) cancel();
  });
  // Timed out in the queue (COG_QUEUE_TIMEOUT): the answer a full server gives, 409.
  const admitted = await admission;
  await prediction.done;
  if (!admitted) throw new AtCapacityError(prediction.error ?? undefined);
  return json(200, prediction.envelope());
}

async function cancelPrediction(
  { app, params, notes }: RouteContext,
  kind: PredictionKind,
): Promise<Reply> {
  const id = params.id ?? '';
  checkPathId(id, kind);
  notes.predictionId = id;
  return app.service.cancel(id) ? json(200, {}) : json(404, {});
}

/** A Swagger UI file: gzipped when the client accepts it, revalidated by its ETag. */
function docsAsset({ request, params, app }: RouteContext): Reply {
  const asset = swaggerAsset(params.asset ?? '');
  if (asset === undefined) return json(404, { detail: 'Not Found' });
  // A runtime installed without its swagger-ui/ directory: /docs stays blank, the rest works.
  if ('missing' in asset) {
    app.warn?.(`GET /docs: ${asset.missing}`);
    return json(404, { detail: asset.missing });
  }
  const headers = { ETag: asset.etag, 'Cache-Control': 'no-cache', Vary: 'Accept-Encoding' };
  if (request.headers['if-none-match'] === asset.etag) {
    return {
      status: 304,
      body: null,
      raw: { contentType: asset.contentType, bytes: Buffer.alloc(0), headers },
    };
  }
  const gzip = acceptsGzip(request.headers['accept-encoding']);
  return {
    status: 200,
    body: null,
    raw: {
      contentType: asset.contentType,
      bytes: gzip ? asset.gzipped : zlib().gunzipSync(asset.gzipped),
      headers: gzip ? { ...headers, 'Content-Encoding': 'gzip' } : headers,
    },
  };
}

/** `Accept-Encoding` lists gzip without `q=0`. */
export function acceptsGzip(header: string | undefined): boolean {
  return (header ?? '').split(',').some((part) => {
    const [coding, ...rest] = part.split(';').map((s) => s.trim().toLowerCase());
    if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== '*') return false;
    return !rest.some((p) => /^q=0(\.0*)?$/.test(p));
  });
}

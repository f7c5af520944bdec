// The PredictionRequest body (spec §1.3) checked for shape, for every transport: wrong types of
// the envelope fields (and ids outside the grammar) are an InvalidRequestError in the pydantic
// `detail` format (HTTP answers 422); `input` itself is validated by the service.
import type { CreateRequest } from './prediction-service.ts';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../../contracts/prediction-envelope.ts';
import { invalidIdMessage, isPredictionId } from './prediction-id.ts';
import type { ValidationIssue } from './input-validator.ts';
import { InvalidRequestError } from './service-errors.ts';

type Body = Record<string, unknown>;

function stringOrNull(
  body: Body,
  key: string,
  detail: ValidationIssue[],
): string | null | undefined {
  const value = body[key];
  if (value === undefined || value === null || typeof value === 'string')
    return value as string | null | undefined;
  detail.push({ loc: ['body', key], msg: 'Input should be a valid string', type: 'string_type' });
  return undefined;
}

/**
 * The webhook: an absolute http(s) URL, or none (absent, null or ""). Anything else could never
 * be delivered, and its `completed` retries would run for minutes, so it is a 422 up front.
 */
function webhookOf(body: Body, detail: ValidationIssue[]): string | null {
  const value = stringOrNull(body, 'webhook', detail);
  if (value === undefined || value === null || value === '') return null;
  const url = URL.canParse(value) ? new URL(value) : null;
  if (url !== null && (url.protocol === 'http:' || url.protocol === 'https:')) return value;
  detail.push({
    loc: ['body', 'webhook'],
    msg: 'Input should be a valid URL with scheme http or https',
    type: 'url_parsing',
  });
  return null;
}

function eventsFilter(value: unknown, detail: ValidationIssue[]): WebhookEvent[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) {
    detail.push({
      loc: ['body', 'webhook_events_filter'],
      msg: 'Input should be a valid list',
      type: 'list_type',
    });
    return null;
  }
  value.forEach((event, index) => {
    if (!WEBHOOK_EVENTS.includes(event as WebhookEvent)) {
      detail.push({
        loc: ['body', 'webhook_events_filter', index],
        msg: "Input should be 'start', 'output', 'logs' or 'completed'",
        type: 'enum',
      });
    }
  });
  return value as WebhookEvent[];
}

function contextOf(value: unknown, detail: ValidationIssue[]): Record<string, string> | null {
  if (value === undefined || value === null) return null;
  const ok =
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string');
  if (!ok) {
    detail.push({
      loc: ['body', 'context'],
      msg: 'Input should be a valid dictionary of strings',
      type: 'dict_type',
    });
    return null;
  }
  return value as Record<string, string>;
}

/** An `{id}` path segment outside the id grammar (HTTP checks it before reading the body). */
export function checkPathId(id: string, noun: 'prediction' | 'training'): void {
  if (isPredictionId(id)) return;
  throw new InvalidRequestError([
    { loc: ['path', `${noun}_id`], msg: invalidIdMessage(noun), type: 'value_error' },
  ]);
}

/** `pathId` is the id from `PUT /predictions/{id}`; a different `id` in the body is a 422. */
export function parsePredictionRequest(
  body: unknown,
  options: {
    pathId?: string;
    noun: 'prediction' | 'training';
    traceHeaders: Record<string, string>;
  },
): CreateRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidRequestError([
      {
        loc: ['body'],
        msg: 'Input should be a valid dictionary or object',
        type: 'model_attributes_type',
      },
    ]);
  }
  const fields = body as Body;
  const detail: ValidationIssue[] = [];
  const id = stringOrNull(fields, 'id', detail);
  if (typeof id === 'string' && !isPredictionId(id)) {
    detail.push({ loc: ['body', 'id'], msg: invalidIdMessage(options.noun), type: 'value_error' });
  } else if (options.pathId !== undefined && id != null && id !== options.pathId) {
    detail.push({
      loc: ['body', 'id'],
      msg: `${options.noun} ID must match the ID supplied in the URL`,
      type: 'value_error',
    });
  }
  const request: CreateRequest = {
    input: fields.input ?? {},
    webhook: webhookOf(fields, detail),
    webhookEvents: eventsFilter(fields.webhook_events_filter, detail),
    context: contextOf(fields.context, detail),
    createdAt: stringOrNull(fields, 'created_at', detail) ?? null,
    traceHeaders: options.traceHeaders,
  };
  const effectiveId = options.pathId ?? id ?? undefined;
  if (effectiveId !== undefined) request.id = effectiveId;
  if (detail.length > 0) throw new InvalidRequestError(detail);
  return request;
}

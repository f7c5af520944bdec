// The PredictionRequest body (spec §1.3) checked for shape, for every transport: wrong types of
// the envelope fields are an InvalidRequestError in the pydantic `detail` format (HTTP answers
// 422); `input` itself is validated by the service.
import type { CreateRequest } from './prediction-service.ts';
import { WEBHOOK_EVENTS, type WebhookEvent } from './prediction.ts';
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
  if (options.pathId !== undefined && id != null && id !== options.pathId) {
    detail.push({
      loc: ['body', 'id'],
      msg: `${options.noun} ID must match the ID supplied in the URL`,
      type: 'value_error',
    });
  }
  const request: CreateRequest = {
    input: fields.input ?? {},
    webhook: stringOrNull(fields, 'webhook', detail) ?? null,
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

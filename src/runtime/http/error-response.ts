// The one place where errors become HTTP responses: domain errors of the prediction service
// and HttpErrors of the request parsers map to a status and a JSON body.
import {
  AtCapacityError,
  InvalidInputError,
  InvalidRequestError,
  NotReadyError,
} from '../prediction/service-errors.ts';
import { HttpError } from './request-body.ts';

export interface ErrorReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function errorReply(error: unknown): ErrorReply {
  if (error instanceof HttpError) {
    const reply: ErrorReply = { status: error.status, body: error.body };
    if (Object.keys(error.headers).length > 0) reply.headers = error.headers;
    return reply;
  }
  if (error instanceof InvalidInputError || error instanceof InvalidRequestError)
    return { status: 422, body: { detail: error.detail } };
  if (error instanceof NotReadyError)
    return { status: 503, body: { error: error.message, status: 'failed' } };
  if (error instanceof AtCapacityError)
    return { status: 409, body: { error: error.message, status: 'failed' } };
  return {
    status: 500,
    body: { error: `Internal server error: ${(error as Error)?.message ?? String(error)}` },
  };
}

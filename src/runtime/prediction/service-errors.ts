// Domain errors of the prediction service. The HTTP layer maps each to a status code in one
// function (src/runtime/http/error-response.ts); nothing here knows about HTTP.
import type { ValidationIssue } from './input-validator.ts';

export type NotReadyReason = 'starting' | 'setup_failed' | 'defunct' | 'shutting_down';

const NOT_READY_MESSAGES: Record<NotReadyReason, string> = {
  starting:
    'Setup has not finished yet. Wait until it has finished, or GET /health-check for status.',
  setup_failed:
    'Setup has not finished yet. Wait until it has finished, or GET /health-check for status.',
  defunct: 'The model worker has crashed and cannot run predictions; restart the container.',
  shutting_down: 'The server is shutting down.',
};

export class NotReadyError extends Error {
  readonly reason: NotReadyReason;

  constructor(reason: NotReadyReason) {
    super(NOT_READY_MESSAGES[reason]);
    this.reason = reason;
  }
}

export class AtCapacityError extends Error {
  constructor(message = 'At capacity - all prediction slots busy') {
    super(message);
  }
}

export class InvalidInputError extends Error {
  readonly detail: ValidationIssue[];

  constructor(detail: ValidationIssue[]) {
    super('input validation failed');
    this.detail = detail;
  }
}

/** The request envelope (id, webhook, context, …) is malformed; `detail` as pydantic writes it. */
export class InvalidRequestError extends Error {
  readonly detail: ValidationIssue[];

  constructor(detail: ValidationIssue[]) {
    super('invalid prediction request');
    this.detail = detail;
  }
}

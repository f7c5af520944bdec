// Domain errors of the prediction service. The HTTP layer maps each to a status code in one
// function (src/runtime/http/error-response.ts); nothing here knows about HTTP.
import type { ValidationIssue } from './input-validator.ts';

export class NotReadyError extends Error {
  readonly reason: 'starting' | 'shutting_down' | 'failed';

  constructor(reason: 'starting' | 'shutting_down' | 'failed') {
    super(
      reason === 'shutting_down'
        ? 'The server is shutting down.'
        : 'Setup has not finished yet. Wait until it has finished, or GET /health-check for status.',
    );
    this.reason = reason;
  }
}

export class AtCapacityError extends Error {
  constructor() {
    super('At capacity - all prediction slots busy');
  }
}

export class InvalidInputError extends Error {
  readonly detail: ValidationIssue[];

  constructor(detail: ValidationIssue[]) {
    super('input validation failed');
    this.detail = detail;
  }
}

export class StreamingUnsupportedError extends Error {}

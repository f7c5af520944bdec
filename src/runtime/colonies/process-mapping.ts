// How a ColonyOS process maps onto a Cog prediction and back (docs/colonies.md, mapping
// table), pure: funcname → prediction kind, the closing message for each terminal status,
// the failed-input message (the HTTP 422 body, so clients render it as the HTTP edge does).
import type { PredictionEnvelope as Envelope } from '../../contracts/prediction-envelope.ts';
import type { PredictionKind } from '../prediction/prediction.ts';
import type { ValidationIssue } from '../prediction/input-validator.ts';

export function kindOf(funcname: string, hasTraining: boolean): PredictionKind | null {
  if (funcname === 'predict') return 'prediction';
  if (funcname === 'train' && hasTraining) return 'training';
  return null;
}

export function unsupportedFunction(funcname: string): string {
  return `unsupported function ${JSON.stringify(funcname)}`;
}

/** The `errors[0]` of a process whose input failed validation: the same body HTTP answers 422. */
export function invalidInputError(detail: readonly ValidationIssue[]): string {
  return JSON.stringify({ detail });
}

export type Closing =
  | { kind: 'successful'; out: unknown[] }
  | { kind: 'failed'; errors: string[] }
  /** Cancelled processes are already final on the server; a close would be refused. */
  | { kind: 'none' };

/**
 * The close for a finished prediction. `out[0]` is the response envelope without `input`
 * (already the process kwargs) and `logs` (ColonyOS logs carry them).
 */
export function closingFor(envelope: Envelope): Closing {
  const { input: _input, logs: _logs, ...rest } = envelope;
  switch (envelope.status) {
    case 'succeeded':
      return { kind: 'successful', out: [rest] };
    case 'canceled':
      return { kind: 'none' };
    default:
      return { kind: 'failed', errors: [envelope.error ?? 'prediction failed'] };
  }
}

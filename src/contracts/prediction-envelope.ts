// The prediction envelope on the wire (spec runtime.md §1.4): what the runtime answers, sends to
// webhooks and closes ColonyOS processes with, and what the CLI reads back from a container or
// a remote executor. Statuses and webhook events in the order of the OpenAPI `Status` and
// `WebhookEvent` enums (openapi-document.ts builds them from these lists). Pure.

export const PREDICTION_STATUSES = [
  'starting',
  'processing',
  'succeeded',
  'canceled',
  'failed',
] as const;
export type PredictionStatus = (typeof PREDICTION_STATUSES)[number];
export type TerminalStatus = Extract<PredictionStatus, 'succeeded' | 'failed' | 'canceled'>;
export const TERMINAL_STATUSES: ReadonlySet<PredictionStatus> = new Set<TerminalStatus>([
  'succeeded',
  'failed',
  'canceled',
]);

export const WEBHOOK_EVENTS = ['start', 'output', 'logs', 'completed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** `metrics`: the predictor's metrics (dotted names nested) plus `predict_time` in seconds. */
export type Metrics = Record<string, unknown>;

/** The full response envelope (spec §1.4.1), key order as the original's. */
export interface PredictionEnvelope {
  id: string;
  input: Record<string, unknown>;
  output: unknown;
  logs: string;
  error: string | null;
  status: PredictionStatus;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  metrics: Metrics;
}

/**
 * What a client reads from an envelope: the status always, the rest when the server sent it
 * (webhooks omit nulls; a ColonyOS process's envelope has no `input` and no `logs`).
 */
export type PredictionResponse = Pick<PredictionEnvelope, 'status'> &
  Partial<Pick<PredictionEnvelope, 'output' | 'error' | 'metrics' | 'logs'>>;

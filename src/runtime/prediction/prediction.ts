// One prediction (or training) from request to terminal state: its fields, the response
// envelope built from them, and the stream of events (start, log, output, metric, completed)
// that webhooks and SSE subscribers follow. No HTTP and no worker knowledge here.
import {
  TERMINAL_STATUSES,
  type Metrics,
  type PredictionEnvelope,
  type PredictionStatus,
  type TerminalStatus,
  type WebhookEvent,
} from '../../contracts/prediction-envelope.ts';
import { isoTimestamp, nowMs } from './timestamp.ts';
import { mergeMetric, type MetricMode } from './metrics.ts';

export type PredictionKind = 'prediction' | 'training';

export type PredictionEvent =
  | { type: 'start' }
  | { type: 'log'; source: 'stdout' | 'stderr'; data: string }
  | { type: 'output'; chunk: unknown; index: number }
  | { type: 'metric'; name: string; value: unknown; mode: 'replace' | 'increment' | 'append' }
  | { type: 'completed' };

export interface PredictionInit {
  id: string;
  kind: PredictionKind;
  input: Record<string, unknown>;
  webhook: string | null;
  webhookEvents: ReadonlySet<WebhookEvent>;
  context: Record<string, string>;
  createdAt: string | null;
  traceHeaders: Record<string, string>;
  /** How many events to keep for late SSE subscribers (COG_STREAM_HISTORY_CAPACITY). */
  historyCapacity: number;
}

export class Prediction {
  readonly id: string;
  readonly kind: PredictionKind;
  readonly input: Record<string, unknown>;
  readonly webhook: string | null;
  readonly webhookEvents: ReadonlySet<WebhookEvent>;
  readonly context: Record<string, string>;
  readonly traceHeaders: Record<string, string>;
  readonly createdAt: string;
  status: PredictionStatus = 'starting';
  startedAtMs: number | null = null;
  completedAtMs: number | null = null;
  output: unknown = null;
  chunks: unknown[] | null = null;
  logs = '';
  error: string | null = null;
  metrics: Metrics = {};
  cancelRequested = false;
  /** The most recent events, for replay to SSE subscribers; `droppedEvents` fell out of it. */
  readonly history: PredictionEvent[] = [];
  droppedEvents = 0;
  readonly #historyCapacity: number;
  readonly done: Promise<void>;
  #resolveDone!: () => void;
  #listeners = new Set<(event: PredictionEvent) => void>();

  constructor(init: PredictionInit) {
    this.id = init.id;
    this.kind = init.kind;
    this.input = init.input;
    this.webhook = init.webhook;
    this.webhookEvents = init.webhookEvents;
    this.context = init.context;
    this.traceHeaders = init.traceHeaders;
    this.#historyCapacity = init.historyCapacity;
    this.createdAt = init.createdAt ?? isoTimestamp(nowMs());
    this.done = new Promise((resolve) => (this.#resolveDone = resolve));
  }

  get terminal(): boolean {
    return TERMINAL_STATUSES.has(this.status);
  }

  subscribe(listener: (event: PredictionEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    this.status = 'processing';
    this.startedAtMs = nowMs();
    this.#emit({ type: 'start' });
  }

  appendLog(source: 'stdout' | 'stderr', data: string): void {
    if (this.terminal) return;
    this.logs += data;
    this.#emit({ type: 'log', source, data });
  }

  appendChunk(chunk: unknown): void {
    this.chunks ??= [];
    this.chunks.push(chunk);
    this.#emit({ type: 'output', chunk, index: this.chunks.length - 1 });
  }

  recordMetric(name: string, value: unknown, mode: MetricMode): void {
    mergeMetric(this.metrics, name, value, mode);
    const wireMode = mode === 'incr' || mode === 'increment' ? 'increment' : mode;
    this.#emit({ type: 'metric', name, value, mode: wireMode });
  }

  finish(status: TerminalStatus, fields: { output?: unknown; error?: string } = {}): void {
    if (this.terminal) return;
    this.status = status;
    this.completedAtMs = nowMs();
    this.startedAtMs ??= this.completedAtMs;
    if (fields.output !== undefined) this.output = fields.output;
    else if (this.chunks !== null) this.output = this.chunks;
    if (fields.error !== undefined) this.error = fields.error;
    this.metrics.predict_time = Math.round((this.completedAtMs - this.startedAtMs) * 1000) / 1e6;
    this.#emit({ type: 'completed' });
    this.#listeners.clear();
    this.#resolveDone();
  }

  envelope(): PredictionEnvelope {
    return {
      id: this.id,
      input: this.input,
      output: this.terminal ? this.output : (this.chunks ?? null),
      logs: this.logs,
      error: this.error,
      status: this.status,
      created_at: this.createdAt,
      started_at: this.startedAtMs === null ? null : isoTimestamp(this.startedAtMs),
      completed_at: this.completedAtMs === null ? null : isoTimestamp(this.completedAtMs),
      metrics: this.metrics,
    };
  }

  #emit(event: PredictionEvent): void {
    if (this.#historyCapacity > 0) {
      this.history.push(event);
      if (this.history.length > this.#historyCapacity) {
        this.history.shift();
        this.droppedEvents++;
      }
    }
    for (const listener of [...this.#listeners]) listener(event);
  }
}

/** The envelope without null-valued keys (the shape webhooks carry). */
export function withoutNulls(envelope: PredictionEnvelope): Partial<PredictionEnvelope> {
  return Object.fromEntries(
    Object.entries(envelope).filter(([, v]) => v !== null),
  ) as Partial<PredictionEnvelope>;
}

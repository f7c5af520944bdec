// Webhook delivery for one prediction (spec §3). Events outside `webhook_events_filter` are
// dropped; `start` and `logs` are throttled (sent only when `throttleMs` passed since the last
// non-terminal send — dropped, not deferred: the terminal webhook carries everything); `output`
// is never throttled but counts as a send; `completed` is retried on network errors and
// 429/500/502/503/504 with exponential backoff. Sends are sequential, so a receiver sees events
// in order; while one is in flight, later non-terminal events collapse into one pending send
// carrying the newest state (every payload is the whole prediction), so a slow receiver cannot
// build a backlog that delays `completed`. Delivery failures never affect the prediction.
import type { WebhookEvent } from '../../contracts/prediction-envelope.ts';

export interface WebhookOptions {
  throttleMs: number;
  userAgent: string;
  authToken: string | undefined;
  timeoutMs: number;
  maxRetries: number;
  /** Delay before retry n (1-based). */
  retryDelayMs(retry: number): number;
  log(message: string): void;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/** The original's backoff: 100 ms × 2^min(n, 10). */
export function defaultRetryDelayMs(retry: number): number {
  return 100 * 2 ** Math.min(retry, 10);
}

/** Throttle rule for non-terminal events; `lastSentAt` is null before the first send. */
export function shouldSend(
  event: WebhookEvent,
  now: number,
  lastSentAt: number | null,
  throttleMs: number,
): boolean {
  if (event === 'completed' || event === 'output') return true;
  return lastSentAt === null || now - lastSentAt >= throttleMs;
}

export class WebhookSender {
  readonly #url: string;
  readonly #filter: ReadonlySet<WebhookEvent>;
  readonly #headers: Record<string, string>;
  readonly #options: WebhookOptions;
  #lastSentAt: number | null = null;
  #queue: Promise<void> = Promise.resolve();
  /** A queued non-terminal send that has not started yet; newer states replace its body. */
  #pending: { body: string } | null = null;

  constructor(
    url: string,
    filter: ReadonlySet<WebhookEvent>,
    traceHeaders: Record<string, string>,
    options: WebhookOptions,
  ) {
    this.#url = url;
    this.#filter = filter;
    this.#options = options;
    this.#headers = {
      'Content-Type': 'application/json',
      'User-Agent': options.userAgent,
      ...traceHeaders,
    };
    if (options.authToken) this.#headers.Authorization = `Bearer ${options.authToken}`;
  }

  /** Queue a webhook for `event` with the state at this moment; resolves when it was handled. */
  send(event: WebhookEvent, payload: unknown): Promise<void> {
    if (!this.#filter.has(event)) return this.#queue;
    const now = performance.now();
    if (!shouldSend(event, now, this.#lastSentAt, this.#options.throttleMs)) return this.#queue;
    if (event !== 'completed') this.#lastSentAt = now;
    const body = JSON.stringify(payload);
    if (event !== 'completed' && this.#pending !== null) {
      this.#pending.body = body;
      return this.#queue;
    }
    const item = { body };
    if (event !== 'completed') this.#pending = item;
    const attempts = event === 'completed' ? this.#options.maxRetries + 1 : 1;
    this.#queue = this.#queue.then(() => {
      if (this.#pending === item) this.#pending = null;
      return this.#deliver(event, item.body, attempts);
    });
    return this.#queue;
  }

  async #deliver(event: WebhookEvent, body: string, attempts: number): Promise<void> {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let problem: string;
      try {
        const response = await fetch(this.#url, {
          method: 'POST',
          headers: this.#headers,
          body,
          signal: AbortSignal.timeout(this.#options.timeoutMs),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) return;
        problem = `HTTP ${response.status}`;
        if (!RETRYABLE_STATUS.has(response.status)) attempt = attempts;
      } catch (error) {
        problem = (error as Error).message;
      }
      if (attempt >= attempts) {
        this.#options.log(`webhook ${event} to ${this.#url} failed: ${problem}`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, this.#options.retryDelayMs(attempt)));
    }
  }
}

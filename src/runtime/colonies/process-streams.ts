// What a running process sends while it runs: log lines (batched: one addlogmsg per ~200 ms or
// 64 KB) and iterator items on its `output` channel (sequence 1, 2, 3…, then an `end` or
// `error` entry), each kept in order on one serial chain and paced under the server's
// per-process rate limit (100 messages/s sustained, bursts of 500).
import type { ChannelEntryType } from '../../colonies/colonies-types.ts';

/** Runs tasks one after another; a failed task is reported once and does not stop the rest. */
class SerialChain {
  #tail: Promise<void> = Promise.resolve();
  #reported = false;
  readonly #onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  push(task: () => Promise<void>): void {
    this.#tail = this.#tail.then(task).catch((error: unknown) => {
      if (!this.#reported) this.#onError(error);
      this.#reported = true;
    });
  }

  get idle(): Promise<void> {
    return this.#tail;
  }
}

export interface LogBatcherOptions {
  send(text: string): Promise<void>;
  onError(error: unknown): void;
  intervalMs?: number;
  maxBytes?: number;
}

export class LogBatcher {
  readonly #options: LogBatcherOptions;
  readonly #chain: SerialChain;
  #buffer = '';
  #timer: NodeJS.Timeout | undefined;

  constructor(options: LogBatcherOptions) {
    this.#options = options;
    this.#chain = new SerialChain(options.onError);
  }

  write(text: string): void {
    this.#buffer += text;
    if (Buffer.byteLength(this.#buffer) >= (this.#options.maxBytes ?? 65_536)) this.#flush();
    else this.#timer ??= setTimeout(() => this.#flush(), this.#options.intervalMs ?? 200);
  }

  /** Sends what is buffered and waits for every send. */
  async close(): Promise<void> {
    this.#flush();
    await this.#chain.idle;
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#buffer === '') return;
    const text = this.#buffer;
    this.#buffer = '';
    this.#chain.push(() => this.#options.send(text));
  }
}

/** A token bucket: `take()` resolves when one more message may go out. */
export class RateGate {
  readonly #perSecond: number;
  readonly #burst: number;
  #tokens: number;
  #last: number;
  readonly #now: () => number;

  constructor(perSecond: number, burst: number, now: () => number = Date.now) {
    this.#perSecond = perSecond;
    this.#burst = burst;
    this.#tokens = burst;
    this.#now = now;
    this.#last = now();
  }

  /** Milliseconds to wait before the next message (0 = now); takes the token. */
  delayMs(): number {
    const t = this.#now();
    this.#tokens = Math.min(
      this.#burst,
      this.#tokens + ((t - this.#last) / 1000) * this.#perSecond,
    );
    this.#last = t;
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : Math.ceil((-this.#tokens / this.#perSecond) * 1000);
  }
}

export interface ChannelWriterOptions {
  append(entry: { sequence: number; payload: string; type: ChannelEntryType }): Promise<void>;
  onError(error: unknown): void;
  gate?: RateGate;
}

export class ChannelWriter {
  readonly #options: ChannelWriterOptions;
  readonly #chain: SerialChain;
  readonly #gate: RateGate;
  #sequence = 0;
  #ended = false;

  constructor(options: ChannelWriterOptions) {
    this.#options = options;
    this.#chain = new SerialChain(options.onError);
    this.#gate = options.gate ?? new RateGate(90, 450);
  }

  /** One iterator item, JSON-encoded. */
  item(value: unknown): void {
    this.#send(JSON.stringify(value), 'data');
  }

  /** The last entry: `end`, or `error` with the error text. */
  async end(error: string | null): Promise<void> {
    if (!this.#ended) this.#send(error ?? '', error === null ? 'end' : 'error');
    this.#ended = true;
    await this.#chain.idle;
  }

  #send(payload: string, type: ChannelEntryType): void {
    if (this.#ended) return;
    const sequence = ++this.#sequence;
    const wait = this.#gate.delayMs();
    this.#chain.push(async () => {
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await this.#options.append({ sequence, payload, type });
    });
  }
}

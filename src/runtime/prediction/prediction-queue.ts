// The bounded FIFO in front of the slots (COG_QUEUE_SIZE, COG_QUEUE_TIMEOUT): predictions that
// arrive while every slot is busy wait here, in arrival order, instead of being refused with
// 409. Pure bookkeeping: what an entry is and what a timeout does are the caller's business
// (the PredictionService fails a timed-out entry; HTTP answers it 409 as before).

export interface QueueOptions {
  /** Entries that may wait at once; 0 = no queue (the original's immediate 409). */
  capacity: number;
  /** How long an entry may wait; null = as long as it takes. */
  timeoutMs: number | null;
  now?: () => number;
}

interface Entry<T> {
  item: T;
  enqueuedAt: number;
  timer: NodeJS.Timeout | undefined;
}

export class PredictionQueue<T> {
  readonly capacity: number;
  readonly #timeoutMs: number | null;
  readonly #now: () => number;
  readonly #onTimeout: (item: T, waitedMs: number) => void;
  /** Keyed by prediction id; a Map keeps insertion order, which is the FIFO order. */
  readonly #entries = new Map<string, Entry<T>>();

  constructor(options: QueueOptions, onTimeout: (item: T, waitedMs: number) => void) {
    this.capacity = Math.max(0, Math.floor(options.capacity));
    this.#timeoutMs = options.timeoutMs;
    this.#now = options.now ?? Date.now;
    this.#onTimeout = onTimeout;
  }

  get size(): number {
    return this.#entries.size;
  }

  get full(): boolean {
    return this.#entries.size >= this.capacity;
  }

  get(id: string): T | undefined {
    return this.#entries.get(id)?.item;
  }

  /** Append; false (and nothing queued) when the queue is full. */
  push(id: string, item: T): boolean {
    if (this.full || this.#entries.has(id)) return false;
    const enqueuedAt = this.#now();
    const timer =
      this.#timeoutMs === null
        ? undefined
        : setTimeout(() => {
            if (this.#entries.get(id)?.item !== item) return;
            this.#entries.delete(id);
            this.#onTimeout(item, this.#now() - enqueuedAt);
          }, this.#timeoutMs);
    // A waiting prediction must not keep a process alive that is otherwise done.
    timer?.unref();
    this.#entries.set(id, { item, enqueuedAt, timer });
    return true;
  }

  /** The oldest entry and how long it waited, or undefined when the queue is empty. */
  shift(): { item: T; waitedMs: number } | undefined {
    const first = this.#entries.entries().next();
    if (first.done === true) return undefined;
    const [id, entry] = first.value;
    return { item: this.#take(id, entry), waitedMs: this.#now() - entry.enqueuedAt };
  }

  /** Take the entry out of the queue wherever it is (cancel); undefined if it is not queued. */
  remove(id: string): T | undefined {
    const entry = this.#entries.get(id);
    return entry === undefined ? undefined : this.#take(id, entry);
  }

  /** Empty the queue (the worker died): every entry, oldest first. */
  clear(): T[] {
    return [...this.#entries.entries()].map(([id, entry]) => this.#take(id, entry));
  }

  items(): T[] {
    return [...this.#entries.values()].map((entry) => entry.item);
  }

  #take(id: string, entry: Entry<T>): T {
    clearTimeout(entry.timer);
    this.#entries.delete(id);
    return entry.item;
  }
}

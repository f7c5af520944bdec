// Gathers predictions of a `@cog.batch` predictor into batches: one batch runs at a time (the
// worker calls the predictor once per batch); while it runs, new predictions form the next one,
// which leaves as soon as the running batch is done, or is full; with the worker idle a forming
// batch waits as long as the BatchPolicy says. Knows nothing of workers or HTTP: `flush` gets the
// items, `batchDone` is called when the worker has answered for all of them.
import { BatchPolicy } from './batch-policy.ts';

interface Pending<T> {
  id: string;
  item: T;
  arrivedAt: number;
}

export class BatchCollector<T> {
  readonly policy: BatchPolicy;
  readonly #flush: (items: T[]) => void;
  readonly #now: () => number;
  #pending: Pending<T>[] = [];
  #inFlight = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    policy: BatchPolicy,
    flush: (items: T[]) => void,
    now: () => number = () => performance.now(),
  ) {
    this.policy = policy;
    this.#flush = flush;
    this.#now = now;
  }

  get pending(): number {
    return this.#pending.length;
  }

  get inFlight(): boolean {
    return this.#inFlight;
  }

  add(id: string, item: T): void {
    const now = this.#now();
    this.policy.observeArrival(now);
    this.#pending.push({ id, item, arrivedAt: now });
    this.#consider();
  }

  /** Take a prediction out of the forming batch (canceled); false if it is not waiting here. */
  remove(id: string): boolean {
    const index = this.#pending.findIndex((p) => p.id === id);
    if (index < 0) return false;
    this.#pending.splice(index, 1);
    if (this.#pending.length === 0) clearTimeout(this.#timer);
    return true;
  }

  /** The worker answered for every prediction of the running batch, which took `ms`. */
  batchDone(size: number, ms: number): void {
    this.policy.observeRun(size, ms);
    this.#inFlight = false;
    this.#consider();
  }

  /** The worker is gone: forget everything (the service fails the predictions itself). */
  reset(): void {
    clearTimeout(this.#timer);
    this.#pending = [];
    this.#inFlight = false;
  }

  #consider(): void {
    clearTimeout(this.#timer);
    if (this.#inFlight || this.#pending.length === 0) return;
    const now = this.#now();
    const wait = this.policy.waitMs(this.#pending.length, this.#pending[0]!.arrivedAt, now);
    if (wait <= 0) return this.#send();
    this.#timer = setTimeout(() => this.#send(), wait);
  }

  #send(): void {
    clearTimeout(this.#timer);
    if (this.#inFlight || this.#pending.length === 0) return;
    const batch = this.#pending.splice(0, this.policy.maxSize);
    this.#inFlight = true;
    this.#flush(batch.map((p) => p.item));
  }
}

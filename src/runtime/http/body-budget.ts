// The bound on request-body bytes the server holds at once, across all connections. Each request
// takes a lease that grows as its body arrives (or at once by its Content-Length) and is given
// back when its response has closed and, for a prediction created from it, when that prediction
// has finished: the parsed input lives as long as the prediction. A lease that cannot grow
// means "busy, retry later" (503); a body larger than the whole budget can never fit (413).

/** Default budget: two bodies of the per-request maximum (MAX_BODY_BYTES) at once. */
export const DEFAULT_BODY_BUDGET_BYTES = 2 * 100 * 1024 * 1024;

export class BodyBudget {
  readonly capacity: number;
  #used = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get used(): number {
    return this.#used;
  }

  lease(): BodyLease {
    return new BodyLease(this);
  }

  /** Take `bytes` more; false (nothing taken) when that would exceed the capacity. */
  take(bytes: number): boolean {
    if (this.#used + bytes > this.capacity) return false;
    this.#used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.#used = Math.max(0, this.#used - bytes);
  }
}

export class BodyLease {
  readonly #budget: BodyBudget;
  #bytes = 0;
  #released = false;
  readonly #holds: Promise<unknown>[] = [];

  constructor(budget: BodyBudget) {
    this.#budget = budget;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get capacity(): number {
    return this.#budget.capacity;
  }

  get budgetUsed(): number {
    return this.#budget.used;
  }

  /** Hold at least `total` bytes; false when the budget has no room (the lease is unchanged). */
  growTo(total: number): boolean {
    if (this.#released) return false;
    if (total <= this.#bytes) return true;
    if (!this.#budget.take(total - this.#bytes)) return false;
    this.#bytes = total;
    return true;
  }

  /** Keep the bytes taken until `settled` settles as well (a prediction holding the input). */
  holdUntil(settled: Promise<unknown>): void {
    this.#holds.push(settled);
  }

  /** The request is over: give the bytes back now, or once every hold has settled. */
  end(): void {
    if (this.#holds.length === 0) return this.#release();
    void Promise.allSettled(this.#holds).then(() => this.#release());
  }

  #release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#budget.give(this.#bytes);
    this.#bytes = 0;
  }
}

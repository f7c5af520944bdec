// How long a forming batch waits for more predictions (`@cog.batch(max_size, max_wait_ms)`),
// adapted to what the server observes: the arrival rate (an exponentially weighted mean of the
// gaps between arrivals) and the predictor's run time as a function of the batch size (a
// least-squares line t = fixed + perItem × size over recent calls, older calls weighing less).
// Waiting pays only when another prediction is expected before the wait runs out, and never for
// longer than one call's fixed cost (waiting longer costs more than running another call). It
// never exceeds max_wait_ms from the oldest prediction's arrival. Pure: time comes in as numbers.

export interface BatchPolicyOptions {
  maxSize: number;
  maxWaitMs: number;
}

/** Weight of the newest arrival gap in the running mean. */
const GAP_WEIGHT = 0.2;
/** Each new call multiplies the weight of the older ones by this. */
const RUN_DECAY = 0.95;

export class BatchPolicy {
  readonly maxSize: number;
  readonly maxWaitMs: number;
  #lastArrival: number | null = null;
  #gapMs: number | null = null;
  // Weighted sums for the least-squares line of run time over batch size.
  #w = 0;
  #x = 0;
  #y = 0;
  #xx = 0;
  #xy = 0;

  constructor(options: BatchPolicyOptions) {
    this.maxSize = Math.max(1, Math.floor(options.maxSize));
    this.maxWaitMs = Math.max(0, options.maxWaitMs);
  }

  /** The mean gap between arrivals so far (ms), or null before the second arrival. */
  get meanGapMs(): number | null {
    return this.#gapMs;
  }

  observeArrival(nowMs: number): void {
    if (this.#lastArrival !== null) {
      const gap = Math.max(0, nowMs - this.#lastArrival);
      this.#gapMs = this.#gapMs === null ? gap : GAP_WEIGHT * gap + (1 - GAP_WEIGHT) * this.#gapMs;
    }
    this.#lastArrival = nowMs;
  }

  observeRun(size: number, ms: number): void {
    this.#w = this.#w * RUN_DECAY + 1;
    this.#x = this.#x * RUN_DECAY + size;
    this.#y = this.#y * RUN_DECAY + ms;
    this.#xx = this.#xx * RUN_DECAY + size * size;
    this.#xy = this.#xy * RUN_DECAY + size * ms;
  }

  /**
   * The fixed cost of one call (the line's intercept), or null until calls of two different
   * sizes were seen; with a single size the mean run time is the best bound there is.
   */
  fixedCostMs(): number | null {
    if (this.#w === 0) return null;
    const meanX = this.#x / this.#w;
    const meanY = this.#y / this.#w;
    const varX = this.#xx / this.#w - meanX * meanX;
    if (varX < 1e-9) return meanY;
    const slope = (this.#xy / this.#w - meanX * meanY) / varX;
    return Math.max(0, meanY - Math.max(0, slope) * meanX);
  }

  /** How much longer to wait, from `nowMs`, before running the `pending` predictions. */
  waitMs(pending: number, oldestArrivalMs: number, nowMs: number): number {
    if (pending >= this.maxSize) return 0;
    const budget = this.maxWaitMs - (nowMs - oldestArrivalMs);
    if (budget <= 0) return 0;
    const gap = this.#gapMs;
    // Nobody is expected in time: waiting would only add latency.
    if (gap === null || gap > budget) return 0;
    let wait = Math.min(budget, gap * (this.maxSize - pending));
    const fixed = this.fixedCostMs();
    if (fixed !== null) wait = Math.min(wait, fixed);
    return Math.max(0, wait);
  }
}

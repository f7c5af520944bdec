// Round trips over the worker pipes after setup, before the server reports READY: a `warmup`
// frame takes the path a prediction takes (the pipes both ways, the worker's reader thread and
// queue, the thread or event loop that runs predictions, the frame writer, our decoder) without
// calling user code, so the first prediction does not meet that path cold (docs/performance.md,
// "Runtime"). A worker that does not answer in time is not waited for any longer.
export class WorkerWarmUp {
  readonly #send: (id: string) => void;
  readonly #rounds: number;
  readonly #timeoutMs: number;
  #seq = 0;
  readonly #waiters = new Map<string, (answered: boolean) => void>();

  constructor(send: (id: string) => void, options: { rounds: number; timeoutMs: number }) {
    this.#send = send;
    this.#rounds = options.rounds;
    this.#timeoutMs = options.timeoutMs;
  }

  /**
   * Round trips one at a time; resolves with how many were answered: `rounds`, or fewer when
   * one timed out (or the worker went away).
   */
  async run(): Promise<number> {
    for (let round = 0; round < this.#rounds; round++) {
      if (!(await this.#roundTrip())) return round;
    }
    return this.#rounds;
  }

  /** The worker's `warmed` answer for `id`. */
  answered(id: string): void {
    this.#waiters.get(id)?.(true);
  }

  /** The worker is gone (or being replaced): nothing waits for it. */
  abandon(): void {
    for (const finish of [...this.#waiters.values()]) finish(false);
  }

  #roundTrip(): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const id = `warmup_${++this.#seq}`;
      const finish = (answered: boolean) => {
        clearTimeout(timer);
        this.#waiters.delete(id);
        resolve(answered);
      };
      const timer = setTimeout(() => finish(false), this.#timeoutMs);
      this.#waiters.set(id, finish);
      this.#send(id);
    });
  }
}

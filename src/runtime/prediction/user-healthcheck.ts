// The user's `healthcheck()` as seen from the server (spec §2.4): one round trip to the worker
// at a time (concurrent GET /health-check requests share it), answered by a
// `healthcheck_result` frame or given up after `timeoutMs`. Resolves to null when healthy, else
// the error text the health body shows as `user_healthcheck_error`.
export class UserHealthcheck {
  readonly #send: (id: string) => void;
  readonly #timeoutMs: number;
  #inFlight: Promise<string | null> | null = null;
  #seq = 0;
  readonly #waiters = new Map<string, (error: string | null) => void>();

  constructor(send: (id: string) => void, timeoutMs: number) {
    this.#send = send;
    this.#timeoutMs = timeoutMs;
  }

  check(): Promise<string | null> {
    this.#inFlight ??= new Promise<string | null>((resolve) => {
      const id = `hc_${++this.#seq}`;
      const timer = setTimeout(
        () => done('Healthcheck error: healthcheck timed out'),
        this.#timeoutMs,
      );
      const done = (error: string | null) => {
        clearTimeout(timer);
        this.#waiters.delete(id);
        this.#inFlight = null;
        resolve(error);
      };
      this.#waiters.set(id, done);
      this.#send(id);
    });
    return this.#inFlight;
  }

  /** The worker's answer for `id`. */
  answered(id: string, error: string | null): void {
    this.#waiters.get(id)?.(error);
  }

  /** The worker is gone: every waiting check fails with `error`. */
  failAll(error: string): void {
    for (const resolve of [...this.#waiters.values()]) resolve(error);
  }
}

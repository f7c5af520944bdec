// Cancels that arrive for a prediction id the server does not know yet: a client that sends
// `PUT /predictions/<id>` and then `POST /predictions/<id>/cancel` can see the cancel win the
// race (the PUT's body is still being read). The original's Rust server remembers such ids (up
// to 1000) and applies the cancel when the prediction is registered; so do we, with two guards
// it lacks: a remembered cancel expires after `ttlMs`, and a cancel for an id that just
// finished is not remembered, so a late cancel can never kill a new prediction that reuses the
// id (the idempotent PUT starts a new one after completion).
const MAX_IDS = 1000;

export class EarlyCancels {
  readonly #ttlMs: number;
  readonly #now: () => number;
  /** id → when the cancel arrived; insertion order = age, so the oldest goes first. */
  readonly #pending = new Map<string, number>();
  readonly #finished = new Set<string>();

  constructor(options: { ttlMs: number; now?: () => number }) {
    this.#ttlMs = options.ttlMs;
    this.#now = options.now ?? Date.now;
  }

  /** A cancel for an id that is not in flight. */
  remember(id: string): void {
    if (this.#finished.has(id)) return;
    this.#pending.delete(id);
    this.#pending.set(id, this.#now());
    evictOldest(this.#pending);
  }

  /** A prediction with this id is being created: true if a cancel for it is waiting. */
  take(id: string): boolean {
    const at = this.#pending.get(id);
    if (at === undefined) return false;
    this.#pending.delete(id);
    return this.#now() - at <= this.#ttlMs;
  }

  /** A prediction reached a terminal state: later cancels for its id are late, not early. */
  finished(id: string): void {
    this.#finished.delete(id);
    this.#finished.add(id);
    evictOldest(this.#finished);
  }
}

function evictOldest(collection: Map<string, unknown> | Set<string>): void {
  if (collection.size <= MAX_IDS) return;
  const oldest = collection.keys().next();
  if (!oldest.done) collection.delete(oldest.value);
}

// Cancels for a prediction id that is not in flight. Two cases:
// * Early: a client that sends `PUT /predictions/<id>` and then `POST /predictions/<id>/cancel`
//   can see the cancel win the race (the PUT's body is still being read). The original's Rust
//   server remembers such ids (up to 1000) and applies the cancel when the prediction is
//   registered; so do we, with a guard it lacks: a remembered cancel expires after `ttlMs`.
// * Late: the prediction finished a moment ago (a repeated cancel, or one that raced the end).
//   The id stays known for `finishedTtlMs` (default 10 minutes, at most 1000 ids), so the
//   cancel is answered as accepted (idempotent: nothing changes, the terminal status and its
//   webhook stand) instead of 404, and it is never remembered as early, so a late cancel can
//   never kill a new prediction that reuses the id (the idempotent PUT starts a new one after
//   completion).
const MAX_IDS = 1000;
export const FINISHED_TTL_MS = 10 * 60_000;

export class EarlyCancels {
  readonly #ttlMs: number;
  readonly #finishedTtlMs: number;
  readonly #now: () => number;
  /** id → when the cancel arrived; insertion order = age, so the oldest goes first. */
  readonly #pending = new Map<string, number>();
  /** id → when its prediction finished; insertion order = age. */
  readonly #finished = new Map<string, number>();

  constructor(options: { ttlMs: number; finishedTtlMs?: number; now?: () => number }) {
    this.#ttlMs = options.ttlMs;
    this.#finishedTtlMs = options.finishedTtlMs ?? FINISHED_TTL_MS;
    this.#now = options.now ?? Date.now;
  }

  /** A cancel for an id that is not in flight. */
  remember(id: string): void {
    if (this.recentlyFinished(id)) return;
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
    this.#finished.set(id, this.#now());
    evictOldest(this.#finished);
  }

  /** True while a prediction with this id finished within `finishedTtlMs`. */
  recentlyFinished(id: string): boolean {
    const at = this.#finished.get(id);
    if (at === undefined) return false;
    if (this.#now() - at <= this.#finishedTtlMs) return true;
    this.#finished.delete(id);
    return false;
  }
}

function evictOldest(collection: Map<string, number>): void {
  if (collection.size <= MAX_IDS) return;
  const oldest = collection.keys().next();
  if (!oldest.done) collection.delete(oldest.value);
}

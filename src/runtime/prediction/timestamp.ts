// Timestamps in the form the original runtimes emit: ISO-8601 in UTC with microseconds and a
// numeric offset, e.g. `2025-01-01T00:00:04.532100+00:00` (Python's `isoformat()`).

/** Milliseconds since the epoch with sub-millisecond precision. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export function isoTimestamp(ms: number): string {
  const whole = Math.floor(ms);
  const micros = Math.floor((ms - whole) * 1000);
  const base = new Date(whole).toISOString(); // 2025-01-01T00:00:04.532Z
  return `${base.slice(0, 23)}${String(micros).padStart(3, '0')}+00:00`;
}

// One log line per HTTP request: `POST /predictions 200 1.23s id=abc`, written once the response
// is done (so a sync prediction's line carries its duration). Method, path and id come from the
// client, so anything outside printable ASCII is percent-encoded: a request cannot forge a log
// line. /health-check goes to debug: probes (Kubernetes, `cog serve` waiting for setup) would
// drown everything else at info.

export interface RequestLogEntry {
  method: string;
  /** The request target's path, without the query. */
  path: string;
  status: number;
  durationMs: number;
  /** The prediction or training the request created, reused or cancelled. */
  predictionId?: string | undefined;
  /** The client went away before the response was complete. */
  aborted?: boolean;
}

export function formatRequestLine(entry: RequestLogEntry): string {
  const parts = [
    clean(entry.method, 16),
    clean(entry.path, 200),
    String(entry.status),
    formatDuration(entry.durationMs),
  ];
  if (entry.predictionId !== undefined) parts.push(`id=${clean(entry.predictionId, 100)}`);
  if (entry.aborted === true) parts.push('(client went away)');
  return parts.join(' ');
}

export function requestLogLevel(entry: RequestLogEntry): 'debug' | 'info' {
  return entry.path === '/health-check' && entry.status < 500 ? 'debug' : 'info';
}

/** `850ms` under a second, `1.23s` above. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  return `${(ms / 1000).toFixed(2)}s`;
}

function clean(text: string, max: number): string {
  const encoded = text.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
  return encoded.length > max ? `${encoded.slice(0, max)}…` : encoded;
}

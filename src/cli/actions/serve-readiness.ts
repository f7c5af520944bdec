// `cog serve` announces its URL only once the model can answer: it polls the published port's
// /health-check until setup has finished (or failed), saying meanwhile that setup is running.
// The original printed "Serving at" before the container had even started, and the server's
// own "listening on 0.0.0.0:5000" named the container's port, not the host's.

export type SetupOutcome =
  | { status: 'ready'; setupSeconds: number | null }
  | { status: 'failed'; defunct: boolean }
  /** The container went away (or the run was cancelled) before setup ended. */
  | { status: 'gone' };

interface HealthBody {
  status?: unknown;
  setup?: { started_at?: unknown; completed_at?: unknown };
}

/** What a /health-check body says about setup; null while it is still running. */
export function setupOutcomeOf(body: unknown): SetupOutcome | null {
  const health = (typeof body === 'object' && body !== null ? body : {}) as HealthBody;
  switch (health.status) {
    case 'READY':
    case 'BUSY':
    case 'UNHEALTHY':
      return { status: 'ready', setupSeconds: setupSeconds(health.setup) };
    case 'SETUP_FAILED':
      return { status: 'failed', defunct: false };
    case 'DEFUNCT':
      return { status: 'failed', defunct: true };
    default:
      return null;
  }
}

function setupSeconds(setup: HealthBody['setup']): number | null {
  if (typeof setup?.started_at !== 'string' || typeof setup.completed_at !== 'string') return null;
  const ms = Date.parse(setup.completed_at) - Date.parse(setup.started_at);
  return Number.isFinite(ms) && ms >= 0 ? ms / 1000 : null;
}

/** Where this machine reaches a port published on `host` (an unspecified address → loopback). */
export function probeBaseUrl(host: string, port: number): string {
  const target = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return target.includes(':') ? `http://[${target}]:${port}` : `http://${target}:${port}`;
}

export interface WaitForSetupOptions {
  /** e.g. http://127.0.0.1:8393 */
  baseUrl: string;
  /** Aborted when the container exits or the command is cancelled. */
  signal: AbortSignal;
  /** Called every `progressEveryMs` while setup runs, with the seconds waited so far. */
  onProgress?: (seconds: number) => void;
  intervalMs?: number;
  progressEveryMs?: number;
}

/** Polls /health-check until setup has an outcome. Connection errors mean "not up yet". */
export async function waitForSetup(options: WaitForSetupOptions): Promise<SetupOutcome> {
  const interval = options.intervalMs ?? 250;
  const progressEvery = options.progressEveryMs ?? 15_000;
  const started = Date.now();
  let nextProgress = started + progressEvery;
  while (!options.signal.aborted) {
    const outcome = await probe(`${options.baseUrl}/health-check`, options.signal);
    if (outcome !== null) return outcome;
    if (Date.now() >= nextProgress) {
      options.onProgress?.(Math.round((Date.now() - started) / 1000));
      nextProgress += progressEvery;
    }
    await sleep(interval, options.signal);
  }
  return { status: 'gone' };
}

async function probe(url: string, signal: AbortSignal): Promise<SetupOutcome | null> {
  try {
    const response = await fetch(url, {
      signal: AbortSignal.any([signal, AbortSignal.timeout(5000)]),
    });
    const body: unknown = await response.json().catch(() => null);
    return setupOutcomeOf(body);
  } catch {
    return null;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

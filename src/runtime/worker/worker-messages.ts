// Types of the frames exchanged with the Python worker (docs/runtime-protocol.md). Kept in one
// place so the protocol page and the code can be compared side by side.
import type { OpenApiDocument, PredictionMode } from '../../contracts/openapi-document.ts';

export type ParentMessage =
  | {
      type: 'init';
      predictor_ref: string;
      mode: PredictionMode;
      schema_only?: boolean;
      max_concurrency: number;
    }
  | { type: 'predict'; id: string; input: Record<string, unknown>; context: Record<string, string> }
  | {
      /** One call of a `@cog.batch` predictor; logs and metrics come back under `batch_id`. */
      type: 'predict_batch';
      batch_id: string;
      ids: string[];
      inputs: Record<string, unknown>[];
      contexts: Record<string, string>[];
    }
  | { type: 'cancel'; id: string }
  | { type: 'healthcheck'; id: string }
  /** A round trip over the prediction path without user code, answered by `warmed`. */
  | { type: 'warmup'; id: string }
  | { type: 'shutdown' };

export type MetricMode = 'replace' | 'incr' | 'append';

export type WorkerMessage =
  | {
      type: 'schema';
      schema: OpenApiDocument;
      is_async: boolean;
      is_stream: boolean;
      max_concurrency: number | null;
      /** False when the predictor defines no healthcheck(): the server then skips the round trip. */
      has_healthcheck?: boolean;
      /** `@cog.batch(max_size, max_wait_ms)` on run(), else absent or null. */
      batch?: { max_size: number; max_wait_ms: number } | null;
      python_version?: string;
      sdk_version?: string | null;
    }
  | { type: 'load_failed'; error: string; traceback: string }
  | { type: 'log'; id: string | null; stream: 'stdout' | 'stderr'; data: string }
  | { type: 'ready' }
  | { type: 'warmed'; id: string }
  | { type: 'setup_failed'; error: string; traceback: string }
  | { type: 'output'; id: string; value: unknown }
  | { type: 'done'; id: string; output?: unknown; is_stream: boolean }
  | { type: 'failed'; id: string; error: string; traceback: string }
  | { type: 'canceled'; id: string }
  | { type: 'metric'; id: string; name: string; value: unknown; mode: MetricMode }
  | { type: 'healthcheck_result'; id: string; status: 'healthy' | 'unhealthy'; error?: string };

const KNOWN_TYPES = new Set([
  'schema',
  'load_failed',
  'log',
  'ready',
  'warmed',
  'setup_failed',
  'output',
  'done',
  'failed',
  'canceled',
  'metric',
  'healthcheck_result',
]);

/** Narrow a decoded frame; anything else is a protocol error the caller reports. */
export function asWorkerMessage(value: unknown): WorkerMessage {
  if (
    typeof value === 'object' &&
    value !== null &&
    KNOWN_TYPES.has((value as { type?: string }).type ?? '')
  ) {
    return value as WorkerMessage;
  }
  throw new Error(`unexpected worker frame: ${JSON.stringify(value).slice(0, 200)}`);
}

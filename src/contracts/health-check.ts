// The `GET /health-check` body (spec runtime.md §2.2): what the runtime answers and what the CLI
// polls until setup is done. Pure.

/** Upper-case health states; UNKNOWN is the original's state before a worker exists. */
export const HEALTH_STATUSES = [
  'UNKNOWN',
  'STARTING',
  'READY',
  'BUSY',
  'SETUP_FAILED',
  'DEFUNCT',
  'UNHEALTHY',
] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export interface HealthBody {
  status: HealthStatus;
  setup: {
    started_at: string;
    completed_at?: string;
    status: 'starting' | 'succeeded' | 'failed';
    logs?: string;
  };
  version: { coglet: string; python_sdk?: string; python?: string };
  concurrency: { max: number; current: number };
  /** Only with COG_QUEUE_SIZE > 0: predictions waiting for a slot (not in the original). */
  queue?: { max: number; current: number };
  user_healthcheck_error?: string;
}

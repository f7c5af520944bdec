// Health and setup state of the runtime (spec §2): the stored state machine
// (STARTING → READY | SETUP_FAILED, READY → DEFUNCT), the setup record with its captured logs,
// and the `GET /health-check` body. BUSY and UNHEALTHY are derived when the body is built.
import { isoTimestamp, nowMs } from './timestamp.ts';

export type StoredHealth = 'STARTING' | 'READY' | 'SETUP_FAILED' | 'DEFUNCT';
export type HealthStatus = StoredHealth | 'BUSY' | 'UNHEALTHY';

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

export class SetupState {
  status: StoredHealth = 'STARTING';
  readonly startedAt = nowMs();
  completedAt: number | null = null;
  logs = '';
  pythonVersion: string | undefined;
  sdkVersion: string | undefined;

  readonly runtimeVersion: string;

  constructor(runtimeVersion: string) {
    this.runtimeVersion = runtimeVersion;
  }

  succeed(): void {
    if (this.status !== 'STARTING') return;
    this.status = 'READY';
    this.completedAt = nowMs();
  }

  /** Setup failed (import, setup(), timeout, worker death); `detail` is appended to the logs. */
  fail(detail: string): void {
    if (this.status !== 'STARTING') return;
    this.status = 'SETUP_FAILED';
    this.completedAt = nowMs();
    this.appendLog(detail.endsWith('\n') ? detail : `${detail}\n`);
  }

  defunct(): void {
    if (this.status === 'READY') this.status = 'DEFUNCT';
  }

  appendLog(text: string): void {
    this.logs += text;
  }

  body(slots: { max: number; current: number }, userHealthcheckError: string | null): HealthBody {
    let status: HealthStatus = this.status;
    if (status === 'READY' && userHealthcheckError !== null) status = 'UNHEALTHY';
    else if (status === 'READY' && slots.current >= slots.max) status = 'BUSY';
    const setupStatus =
      this.status === 'STARTING'
        ? 'starting'
        : this.status === 'SETUP_FAILED'
          ? 'failed'
          : 'succeeded';
    const body: HealthBody = {
      status,
      setup: { started_at: isoTimestamp(this.startedAt), status: setupStatus },
      version: { coglet: this.runtimeVersion },
      concurrency: slots,
    };
    if (this.completedAt !== null) body.setup.completed_at = isoTimestamp(this.completedAt);
    if (this.logs) body.setup.logs = this.logs;
    if (this.sdkVersion) body.version.python_sdk = this.sdkVersion;
    if (this.pythonVersion) body.version.python = this.pythonVersion;
    if (userHealthcheckError !== null) body.user_healthcheck_error = userHealthcheckError;
    return body;
  }
}

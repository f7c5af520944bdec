// The runtime's Prometheus metrics (GET /metrics, off with COG_METRICS=0): what the prediction
// service reports through ServiceObserver, what the core counts (worker restarts), and gauges
// read at scrape time (in flight, queue depth, resident memory of the server and the worker).
import { readFileSync } from 'node:fs';
import type { PredictionKind } from '../prediction/prediction.ts';
import type { ServiceObserver, TerminalStatus } from '../prediction/service-observer.ts';
import { Counter, Gauge, Histogram, renderExposition, type MetricFamily } from './exposition.ts';

/** Seconds: 5 ms … 10 min; a prediction can take a while, a queue wait should not. */
const LATENCY_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600,
];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256];

export interface MetricsSources {
  slots(): { max: number; current: number };
  queue(): { max: number; current: number };
  /** The worker's process id while one runs. */
  workerPid(): number | undefined;
  /** Resident memory of a process in bytes; undefined where it cannot be read. */
  rss?: (pid: number | 'self') => number | undefined;
}

export class RuntimeMetrics implements ServiceObserver {
  readonly predictions = new Counter('cog_predictions_total', 'Predictions that ended, by status', {
    labelNames: ['kind', 'status'],
  });
  readonly queueWaitSeconds = new Histogram(
    'cog_queue_wait_seconds',
    'Time a prediction waited for a free slot',
    { buckets: LATENCY_BUCKETS },
  );
  // Histograms without labels: one series each reads the same in every parser (some merge
  // labelled histogram series), and the outcome is in the counters.
  readonly setupSeconds = new Histogram('cog_setup_seconds', 'Duration of successful setups', {
    buckets: LATENCY_BUCKETS,
  });
  readonly setups = new Counter('cog_setups_total', 'Setups that ended, by status', {
    labelNames: ['status'],
  });
  readonly predictSeconds = new Histogram(
    'cog_predict_seconds',
    'Duration of a prediction or training from start to end',
    { buckets: LATENCY_BUCKETS },
  );
  readonly batchSize = new Histogram('cog_batch_size', 'Predictions per call of the predictor', {
    buckets: BATCH_BUCKETS,
  });
  readonly workerRestarts = new Counter(
    'cog_worker_restarts_total',
    'Times the worker was restarted (cog serve --watch reloads)',
  );
  readonly #families: MetricFamily[];

  constructor(sources: MetricsSources) {
    const rss = sources.rss ?? residentBytes;
    this.#families = [
      this.predictions,
      new Gauge('cog_predictions_in_flight', 'Predictions holding a slot', () => [
        { value: sources.slots().current },
      ]),
      new Gauge('cog_prediction_slots', 'Predictions that may run at once', () => [
        { value: sources.slots().max },
      ]),
      new Gauge('cog_queue_depth', 'Predictions waiting for a free slot', () => [
        { value: sources.queue().current },
      ]),
      new Gauge('cog_queue_capacity', 'Predictions that may wait (COG_QUEUE_SIZE)', () => [
        { value: sources.queue().max },
      ]),
      this.queueWaitSeconds,
      this.setups,
      this.setupSeconds,
      this.predictSeconds,
      this.batchSize,
      this.workerRestarts,
      new Gauge('cog_process_resident_memory_bytes', 'Resident memory, by process', () => {
        const samples = [{ labels: { process: 'server' }, value: rss('self') ?? 0 }];
        const pid = sources.workerPid();
        const worker = pid === undefined ? undefined : rss(pid);
        if (worker !== undefined) samples.push({ labels: { process: 'worker' }, value: worker });
        return samples;
      }),
    ];
    // Zero samples from the start, so a rate() over a fresh server is 0 rather than absent.
    this.workerRestarts.inc({}, 0);
  }

  queueWait(seconds: number): void {
    this.queueWaitSeconds.observe(seconds);
  }

  predictionFinished(kind: PredictionKind, status: TerminalStatus, predictSeconds: number): void {
    this.predictions.inc({ kind, status });
    this.predictSeconds.observe(predictSeconds);
  }

  setupFinished(succeeded: boolean, seconds: number): void {
    this.setups.inc({ status: succeeded ? 'succeeded' : 'failed' });
    if (succeeded) this.setupSeconds.observe(seconds);
  }

  batch(size: number): void {
    this.batchSize.observe(size);
  }

  workerRestarted(): void {
    this.workerRestarts.inc();
  }

  render(): string {
    return renderExposition(this.#families);
  }
}

/** VmRSS from /proc (Linux, inside the image); the server's own from Node elsewhere. */
function residentBytes(pid: number | 'self'): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    if (kb !== undefined) return Number(kb) * 1024;
  } catch {
    // no /proc (macOS tests), or the worker just exited
  }
  return pid === 'self' ? process.memoryUsage.rss() : undefined;
}

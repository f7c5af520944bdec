// What the PredictionService reports about itself to whoever counts (the Prometheus metrics in
// src/runtime/metrics). An interface so the service knows nothing of exposition formats, and a
// no-op default so a service without metrics pays nothing.
import type { PredictionKind } from './prediction.ts';

export type TerminalStatus = 'succeeded' | 'failed' | 'canceled';

export interface ServiceObserver {
  /** A prediction left the queue for a slot (0 s when it never waited). */
  queueWait(seconds: number): void;
  /** A prediction reached a terminal state; `predictSeconds` from start to end. */
  predictionFinished(kind: PredictionKind, status: TerminalStatus, predictSeconds: number): void;
  /** Setup of a worker ended (succeeded or failed) after `seconds`. */
  setupFinished(succeeded: boolean, seconds: number): void;
  /** The predictor ran once for `size` predictions (1 without batching). */
  batch(size: number): void;
}

export const NO_OBSERVER: ServiceObserver = {
  queueWait: () => {},
  predictionFinished: () => {},
  setupFinished: () => {},
  batch: () => {},
};

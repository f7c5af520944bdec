// The hook cog-sdk's metric functions call (globalThis[Symbol.for('cog.worker')]): the worker
// installs it once, and AsyncLocalStorage tells which prediction a call belongs to, so
// concurrent predictions never see each other's metrics or logs.
import { AsyncLocalStorage } from 'node:async_hooks';
import { checkMetricName } from './metric-name.ts';

export type MetricMode = 'replace' | 'incr' | 'append';

export interface PredictionScope {
  id: string;
  recordMetric(name: string, value: unknown, mode: MetricMode): void;
}

export const predictionScope = new AsyncLocalStorage<PredictionScope>();

const HOOK = Symbol.for('cog.worker');

export function installWorkerHook(): void {
  (globalThis as Record<symbol, unknown>)[HOOK] = {
    recordMetric(name: string, value: unknown, mode: MetricMode): void {
      checkMetricName(name);
      checkMetricValue(value);
      predictionScope.getStore()?.recordMetric(name, value, mode);
    },
  };
}

function checkMetricValue(value: unknown): void {
  const ok =
    typeof value === 'boolean' ||
    typeof value === 'string' ||
    (typeof value === 'number' && Number.isFinite(value)) ||
    Array.isArray(value) ||
    (typeof value === 'object' && value !== null);
  if (!ok) throw new TypeError(`metric value must be a boolean, number, string, list or object`);
}

// Server-side merge of the metrics a prediction records (spec §7.5): `replace` overwrites (null
// deletes), `incr` adds (a missing key starts at 0), `append` pushes onto an array (a scalar is
// wrapped first). Dotted names build nested objects: `timing.preprocess` → {timing: {preprocess}}.
// `predict_time` belongs to the runtime and is never taken from the predictor.

import type { Metrics } from '../../contracts/prediction-envelope.ts';
export type MetricMode = 'replace' | 'incr' | 'increment' | 'append';

export function mergeMetric(
  metrics: Metrics,
  name: string,
  value: unknown,
  mode: MetricMode,
): void {
  if (name === 'predict_time') return;
  const path = name.split('.');
  const leaf = path.pop() as string;
  let parent: Metrics = metrics;
  for (const segment of path) {
    const next = parent[segment];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      if (mode === 'replace' && value === null) return;
      parent[segment] = {};
    }
    parent = parent[segment] as Metrics;
  }
  const current = parent[leaf];
  if (mode === 'replace') {
    if (value === null) delete parent[leaf];
    else parent[leaf] = value;
  } else if (mode === 'incr' || mode === 'increment') {
    parent[leaf] =
      (typeof current === 'number' ? current : 0) + (typeof value === 'number' ? value : 0);
  } else if (Array.isArray(current)) {
    current.push(value);
  } else {
    parent[leaf] = current === undefined ? [value] : [current, value];
  }
}

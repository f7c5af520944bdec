// Prometheus metric families and their text exposition format (version 0.0.4): counters and
// histograms that are updated as things happen, gauges read when scraped. Hand-written because
// the format is a few lines of text; prom-client would bring a registry, default collectors and
// cluster support into an image that needs none of them.

export type Labels = Readonly<Record<string, string>>;

export interface MetricFamily {
  readonly name: string;
  /** The family's `# HELP` and `# TYPE` lines and its samples, each line ending in \n. */
  render(): string;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function checkName(name: string, labelNames: readonly string[] = []): void {
  if (!NAME.test(name)) throw new Error(`invalid metric name ${name}`);
  for (const label of labelNames)
    if (!LABEL.test(label) || label.startsWith('__'))
      throw new Error(`invalid label name ${label}`);
}

function header(name: string, help: string, type: string): string {
  return `# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${name} ${type}\n`;
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labelText(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels);
  if (extra) pairs.push(extra);
  if (pairs.length === 0) return '';
  return `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
}

/** Go's strconv formatting as Prometheus writes it: +Inf, -Inf, NaN, plain numbers otherwise. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** A stable key for a label set, whatever order the caller wrote the labels in. */
function keyOf(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export class Counter implements MetricFamily {
  readonly name: string;
  readonly #help: string;
  readonly #values = new Map<string, { labels: Labels; value: number }>();

  constructor(name: string, help: string, options: { labelNames?: readonly string[] } = {}) {
    checkName(name, options.labelNames);
    this.name = name;
    this.#help = help;
  }

  inc(labels: Labels = {}, by = 1): void {
    if (by < 0) throw new Error('a counter only goes up');
    const key = keyOf(labels);
    const entry = this.#values.get(key);
    if (entry) entry.value += by;
    else this.#values.set(key, { labels, value: by });
  }

  get(labels: Labels = {}): number {
    return this.#values.get(keyOf(labels))?.value ?? 0;
  }

  render(): string {
    let text = header(this.name, this.#help, 'counter');
    for (const { labels, value } of this.#values.values())
      text += `${this.name}${labelText(labels)} ${formatValue(value)}\n`;
    return text;
  }
}

/** Read at scrape time: the value lives elsewhere (the service's slots, the process's RSS). */
export class Gauge implements MetricFamily {
  readonly name: string;
  readonly #help: string;
  readonly #collect: () => ReadonlyArray<{ labels?: Labels; value: number }>;

  constructor(
    name: string,
    help: string,
    collect: () => ReadonlyArray<{ labels?: Labels; value: number }>,
  ) {
    checkName(name);
    this.name = name;
    this.#help = help;
    this.#collect = collect;
  }

  render(): string {
    let text = header(this.name, this.#help, 'gauge');
    for (const { labels, value } of this.#collect())
      text += `${this.name}${labelText(labels ?? {})} ${formatValue(value)}\n`;
    return text;
  }
}

interface HistogramSeries {
  labels: Labels;
  /** Per bucket (not cumulative); the last one is +Inf. */
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram implements MetricFamily {
  readonly name: string;
  readonly #help: string;
  readonly #bounds: readonly number[];
  readonly #series = new Map<string, HistogramSeries>();

  constructor(
    name: string,
    help: string,
    options: { buckets: readonly number[]; labelNames?: readonly string[] },
  ) {
    checkName(name, [...(options.labelNames ?? []), 'le']);
    const sorted = [...options.buckets].sort((a, b) => a - b);
    if (sorted.some((b, i) => i > 0 && b === sorted[i - 1]))
      throw new Error(`duplicate bucket in ${name}`);
    this.name = name;
    this.#help = help;
    this.#bounds = sorted;
  }

  observe(value: number, labels: Labels = {}): void {
    const key = keyOf(labels);
    let series = this.#series.get(key);
    if (!series) {
      series = { labels, counts: new Array(this.#bounds.length + 1).fill(0), sum: 0, count: 0 };
      this.#series.set(key, series);
    }
    const index = this.#bounds.findIndex((bound) => value <= bound);
    series.counts[index === -1 ? this.#bounds.length : index]! += 1;
    series.sum += value;
    series.count += 1;
  }

  /** Observations so far for a label set (tests, the bench). */
  count(labels: Labels = {}): number {
    return this.#series.get(keyOf(labels))?.count ?? 0;
  }

  render(): string {
    let text = header(this.name, this.#help, 'histogram');
    for (const series of this.#series.values()) {
      let cumulative = 0;
      const bounds = [...this.#bounds, Infinity];
      for (const [i, bound] of bounds.entries()) {
        cumulative += series.counts[i] ?? 0;
        const le = labelText(series.labels, ['le', formatValue(bound)]);
        text += `${this.name}_bucket${le} ${cumulative}\n`;
      }
      text += `${this.name}_sum${labelText(series.labels)} ${formatValue(series.sum)}\n`;
      text += `${this.name}_count${labelText(series.labels)} ${series.count}\n`;
    }
    return text;
  }
}

/** The whole exposition: every family in order. */
export function renderExposition(families: readonly MetricFamily[]): string {
  return families.map((family) => family.render()).join('');
}

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

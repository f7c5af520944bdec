// Test support (not shipped): parse a /metrics body with a real Prometheus text-format parser
// (parse-prometheus-text-format) and check what that lenient parser lets through: every family
// typed, every value a number, histogram buckets cumulative with +Inf equal to the count. Used
// by the runtime's unit tests and the integration suite.
import assert from 'node:assert/strict';
import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';

export type Scrape = Map<string, ParsedFamily>;

export function parseScrape(text: string): Scrape {
  assert.ok(text.endsWith('\n'), 'the exposition ends with a newline');
  const families = parsePrometheusTextFormat(text);
  const byName: Scrape = new Map();
  for (const family of families) {
    assert.ok(!byName.has(family.name), `${family.name} appears once`);
    assert.notEqual(family.type, 'UNTYPED', `${family.name} has a # TYPE`);
    assert.ok(family.help.length > 0, `${family.name} has a # HELP`);
    for (const sample of family.metrics) checkSample(family, sample);
    byName.set(family.name, family);
  }
  return byName;
}

function number(text: string | undefined, what: string): number {
  assert.ok(text !== undefined && text !== '', `${what} has a value`);
  const value = text === '+Inf' ? Infinity : text === '-Inf' ? -Infinity : Number(text);
  assert.ok(!Number.isNaN(value), `${what} = ${text} is a number`);
  return value;
}

function checkSample(family: ParsedFamily, sample: ParsedFamily['metrics'][number]): void {
  if (family.type !== 'HISTOGRAM') {
    number(sample.value, family.name);
    return;
  }
  // Sorted by bound: integer-like keys ("1", "10") come first in a JS object whatever the text said.
  const buckets = Object.entries(sample.buckets ?? {}).sort(
    ([a], [b]) => number(a, 'le') - number(b, 'le'),
  );
  assert.ok(buckets.length > 0, `${family.name} has buckets`);
  let previous = 0;
  for (const [le, count] of buckets) {
    const value = number(count, `${family.name}{le=${le}}`);
    assert.ok(value >= previous, `${family.name} buckets are cumulative`);
    previous = value;
  }
  assert.equal(buckets.at(-1)?.[0], '+Inf', `${family.name} ends with +Inf`);
  assert.equal(previous, number(sample.count, `${family.name}_count`), '+Inf = count');
  number(sample.sum, `${family.name}_sum`);
}

/** The value of a counter or gauge sample with exactly these labels; undefined if absent. */
export function sampleValue(
  scrape: Scrape,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const sample = scrape
    .get(name)
    ?.metrics.find(
      (m) =>
        JSON.stringify(sortedEntries(m.labels ?? {})) === JSON.stringify(sortedEntries(labels)),
    );
  return sample?.value === undefined ? undefined : Number(sample.value);
}

/** The observation count of a histogram series with these labels (0 when it has none). */
export function histogramCount(
  scrape: Scrape,
  name: string,
  labels: Record<string, string> = {},
): number {
  const sample = scrape
    .get(name)
    ?.metrics.find(
      (m) =>
        JSON.stringify(sortedEntries(m.labels ?? {})) === JSON.stringify(sortedEntries(labels)),
    );
  return sample?.count === undefined ? 0 : Number(sample.count);
}

function sortedEntries(labels: Record<string, string>): [string, string][] {
  return Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1));
}

// The text exposition, pinned as text and read back with a real parser.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Counter, Gauge, Histogram, formatValue, renderExposition } from './exposition.ts';
import { parseScrape, sampleValue } from './scrape.ts';

describe('Prometheus text exposition', () => {
  test('counter, gauge and histogram as text', () => {
    const counter = new Counter('demo_total', 'Things\nthat happened', { labelNames: ['kind'] });
    counter.inc({ kind: 'a "quoted"\\one' });
    counter.inc({ kind: 'a "quoted"\\one' }, 2);
    const gauge = new Gauge('demo_depth', 'Depth', () => [{ value: 4 }]);
    const histogram = new Histogram('demo_seconds', 'Latency', { buckets: [1, 0.5] });
    histogram.observe(0.2);
    histogram.observe(0.7);
    histogram.observe(3);
    assert.equal(
      renderExposition([counter, gauge, histogram]),
      [
        '# HELP demo_total Things\\nthat happened',
        '# TYPE demo_total counter',
        'demo_total{kind="a \\"quoted\\"\\\\one"} 3',
        '# HELP demo_depth Depth',
        '# TYPE demo_depth gauge',
        'demo_depth 4',
        '# HELP demo_seconds Latency',
        '# TYPE demo_seconds histogram',
        'demo_seconds_bucket{le="0.5"} 1',
        'demo_seconds_bucket{le="1"} 2',
        'demo_seconds_bucket{le="+Inf"} 3',
        'demo_seconds_sum 3.9',
        'demo_seconds_count 3',
        '',
      ].join('\n'),
    );
  });

  test('the parser reads back what was written, labels in any order as one series', () => {
    const counter = new Counter('x_total', 'X', { labelNames: ['a', 'b'] });
    counter.inc({ a: '1', b: '2' });
    counter.inc({ b: '2', a: '1' });
    const histogram = new Histogram('y_seconds', 'Y', { buckets: [0.1] });
    histogram.observe(0.05);
    const scrape = parseScrape(renderExposition([counter, histogram]));
    assert.equal(sampleValue(scrape, 'x_total', { a: '1', b: '2' }), 2);
    assert.deepEqual(scrape.get('y_seconds')?.metrics[0]?.buckets, { '0.1': '1', '+Inf': '1' });
  });

  test('bad names, negative increments and duplicate buckets are programming errors', () => {
    assert.throws(() => new Counter('bad-name', 'x'), /invalid metric name/);
    assert.throws(() => new Counter('ok', 'x', { labelNames: ['__reserved'] }), /label name/);
    assert.throws(() => new Counter('ok', 'x').inc({}, -1), /only goes up/);
    assert.throws(() => new Histogram('h', 'x', { buckets: [1, 1] }), /duplicate bucket/);
    assert.deepEqual(
      [formatValue(Infinity), formatValue(-Infinity), formatValue(NaN), formatValue(0.25)],
      ['+Inf', '-Inf', 'NaN', '0.25'],
    );
  });
});

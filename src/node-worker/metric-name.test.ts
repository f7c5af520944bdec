// The same table as python/tests/test_metrics.py: both workers reject a name with one message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkMetricName } from './metric-name.ts';

const NAMES: [string, string][] = [
  ['', 'metric name must not be empty'],
  ['x'.repeat(129), 'metric name must be 128 characters or fewer (got 129 characters)'],
  ['predict_time', "'predict_time' is reserved by the runtime"],
  ['cog.gpu', "the 'cog.' prefix is reserved for system metrics"],
  ['.a', 'metric name must not start with a dot'],
  ['a.', 'metric name must not end with a dot'],
  ['a..b', 'metric name must not contain empty segments (consecutive dots)'],
  ['a.b.c.d.e', 'metric name must have at most 4 dot-separated segments (got 5)'],
  ['1abc', "metric name segment '1abc' must start with a letter"],
  ['ab-c', "metric name segment 'ab-c' contains invalid character '-'"],
  ['a__b', "metric name segment 'a__b' must not contain consecutive underscores"],
  ['ab_', "metric name segment 'ab_' must end with a letter or digit"],
];

for (const [name, message] of NAMES) {
  test(`metric name ${JSON.stringify(name.slice(0, 20))}: ${message}`, () => {
    assert.throws(() => checkMetricName(name), { message });
  });
}

test('valid names pass', () => {
  for (const name of ['tokens', 'timing.preprocess', 'a1.b_2.c.d']) checkMetricName(name);
});

// Metric names as the Python SDK checks them (python/cog/_metrics.py), with the same messages.

export function checkMetricName(name: string): void {
  if (typeof name !== 'string') throw new TypeError('metric name must be a string');
  if (name === '') throw new Error('metric name must not be empty');
  if (name.length > 128)
    throw new Error(`metric name must be 128 characters or fewer (got ${name.length} characters)`);
  if (name === 'predict_time') throw new Error("'predict_time' is reserved by the runtime");
  if (name.startsWith('cog.')) throw new Error("the 'cog.' prefix is reserved for system metrics");
  if (name.startsWith('.')) throw new Error('metric name must not start with a dot');
  if (name.endsWith('.')) throw new Error('metric name must not end with a dot');
  const segments = name.split('.');
  if (segments.includes(''))
    throw new Error('metric name must not contain empty segments (consecutive dots)');
  if (segments.length > 4)
    throw new Error(
      `metric name must have at most 4 dot-separated segments (got ${segments.length})`,
    );
  for (const segment of segments) checkSegment(segment);
}

function checkSegment(segment: string): void {
  if (!/^[A-Za-z]/.test(segment))
    throw new Error(`metric name segment '${segment}' must start with a letter`);
  const bad = /[^A-Za-z0-9_]/.exec(segment);
  if (bad)
    throw new Error(`metric name segment '${segment}' contains invalid character '${bad[0]}'`);
  if (segment.includes('__'))
    throw new Error(`metric name segment '${segment}' must not contain consecutive underscores`);
  if (!/[A-Za-z0-9]$/.test(segment))
    throw new Error(`metric name segment '${segment}' must end with a letter or digit`);
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPredictionId } from './prediction-id.ts';
import { newPredictionId } from './prediction-service.ts';

test('ids real clients send are accepted', () => {
  for (const id of [
    'wjx3whax6rf4vphkegkhcvpv6a', // Replicate (base32, 26 characters)
    '550e8400-e29b-41d4-a716-446655440000', // UUID
    '550E8400-E29B-41D4-A716-446655440000',
    'cjld2cjxh0000qzrmn831i7rn', // cuid
    '01ARZ3NDEKTSV4RRFFQ69G5FAV', // ULID
    'V1StGXR8_Z5jdHi6B-myT', // nanoid
    'pred_17f1a2b3c4d5e6f7', // the original's Rust server
    'a',
    'job.2024-01-01~retry',
    'x'.repeat(128),
    newPredictionId(),
  ])
    assert.ok(isPredictionId(id), id);
});

test('ids that could break a header, a path or a log line are rejected', () => {
  for (const id of [
    '',
    'x'.repeat(129),
    'a\nb',
    'a\r\nX-Injected: 1',
    'a\0b',
    'a b',
    'a/b',
    '../etc',
    '.',
    '..',
    '-rf',
    '_x',
    'é',
    'a%2Fb',
    'a:b',
    'a\u2028b',
  ])
    assert.ok(!isPredictionId(id), JSON.stringify(id));
});

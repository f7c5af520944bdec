import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { WeightEntry } from '../config/index.ts';
import { parseLock } from './lock-file.ts';
import { weightsDrift } from './weights-drift.ts';

const golden = readFileSync(new URL('./testdata/weights.lock.golden', import.meta.url), 'utf8');

test('weightsDrift: the spec example', () => {
  const lock = parseLock(golden);
  lock.weights.push({ ...lock.weights[0]!, name: 'old-one', target: '/src/old' });
  const weights: WeightEntry[] = [
    {
      name: 'demo',
      target: '/src/weights/demo2',
      source: [{ uri: 'weights-src', exclude: ['README*', '*.md'] }],
    },
    { name: 'extra', target: '/src/extra', source: [{ uri: 'extra' }] },
  ];
  assert.deepEqual(weightsDrift(weights, lock), [
    '"demo": config changed (target: /src/weights/demo → /src/weights/demo2; exclude: [README*] → [*.md README*])',
    '"extra": not imported yet',
    '"old-one": removed from cog.yaml but still in lockfile',
  ]);
  const inSync: WeightEntry[] = [
    {
      name: 'demo',
      target: '/src/weights/demo',
      source: [{ uri: './weights-src/', exclude: [' README*'] }],
    },
  ];
  assert.deepEqual(weightsDrift(inSync, parseLock(golden)), []);
  assert.deepEqual(weightsDrift(inSync, undefined), ['"demo": not imported yet']);
});

test('checkWeightsDrift: the whole message, a hint to import', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const { checkWeightsDrift } = await import('./weights-drift.ts');
  const dir = mkdtempSync(path.join(tmpdir(), 'cog-drift-'));
  try {
    const config = {
      weights: [{ name: 'extra', target: '/src/extra', source: [{ uri: 'extra' }] }],
    };
    await assert.rejects(checkWeightsDrift(dir, config), {
      code: 'WEIGHTS_DRIFT',
      message: 'weights.lock is out of sync with cog.yaml:\n  - "extra": not imported yet',
      hint: "Run 'cog weights import' to update.",
    });
    await checkWeightsDrift(dir, {});
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

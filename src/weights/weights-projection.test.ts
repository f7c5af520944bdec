// `.cog/weights.json` from weights.lock (weights.md §5.4): the spec's observed lock gives the
// golden bytes; only name/target/setDigest, in lock order; Go's escaping; a missing lock is
// the original's build error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseLock, serializeLock, type WeightsLock } from './lock-file.ts';
import { readWeightsProjection, weightsProjection } from './weights-projection.ts';

const lockText = readFileSync(new URL('./testdata/weights.lock.golden', import.meta.url), 'utf8');
const golden = readFileSync(new URL('./testdata/weights.json.golden', import.meta.url), 'utf8');

test('the golden lock projects to the golden weights.json, byte for byte', () => {
  assert.equal(weightsProjection(parseLock(lockText)), golden);
  assert.ok(!golden.endsWith('\n'));
});

test('entries keep lock order and carry exactly name, target and setDigest', () => {
  const base = parseLock(lockText);
  const first = base.weights[0];
  assert.ok(first !== undefined);
  const lock: WeightsLock = {
    ...base,
    weights: [
      { ...first, name: 'zeta', target: '/src/z', setDigest: `sha256:${'1'.repeat(64)}` },
      { ...first, name: 'alpha', target: '/src/a&<b>', setDigest: `sha256:${'2'.repeat(64)}` },
    ],
  };
  const text = weightsProjection(lock);
  assert.ok(text.includes('"target": "/src/a\\u0026\\u003cb\\u003e"'), text);
  const parsed = JSON.parse(text) as { weights: Array<Record<string, string>> };
  assert.deepEqual(
    parsed.weights.map((w) => Object.keys(w)),
    [
      ['name', 'target', 'setDigest'],
      ['name', 'target', 'setDigest'],
    ],
  );
  assert.deepEqual(
    parsed.weights.map((w) => w.name),
    ['zeta', 'alpha'],
  );
  assert.equal(weightsProjection({ ...base, weights: [] }), '{\n  "weights": []\n}');
});

test('reads the project lock; without one it is the original build error', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cog-projection-'));
  try {
    await assert.rejects(readWeightsProjection(dir), (error: Error & { hint?: string }) => {
      assert.match(
        error.message,
        /^managed weights configured but no lockfile found: read weights\.lock: open .*weights\.lock: no such file or directory$/,
      );
      assert.equal(error.hint, "Run 'cog weights import' first");
      return true;
    });
    writeFileSync(path.join(dir, 'weights.lock'), serializeLock(parseLock(lockText)));
    assert.equal(await readWeightsProjection(dir), golden);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { WeightStore, weightStoreRoot } from './weight-store.ts';

const digestOf = (s: string) => `sha256:${createHash('sha256').update(s).digest('hex')}`;

test('weightStoreRoot: COG_CACHE_DIR, then XDG_CACHE_HOME, then HOME', () => {
  assert.equal(
    weightStoreRoot({ COG_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x', HOME: '/h' }),
    '/c/weights',
  );
  assert.equal(weightStoreRoot({ XDG_CACHE_HOME: '/x', HOME: '/h' }), '/x/cog/weights');
  assert.equal(weightStoreRoot({ HOME: '/h' }), '/h/.cache/cog/weights');
});

test('put stores verified bytes only; concurrent puts of one digest both succeed', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'cog-store-'));
  try {
    const store = new WeightStore(root);
    const d = digestOf('hello');
    await Promise.all([
      store.put(Readable.from([Buffer.from('hel'), Buffer.from('lo')]), d, 5),
      store.put(Readable.from([Buffer.from('hello')]), d, 5),
    ]);
    assert.equal(readFileSync(store.filePath(d), 'utf8'), 'hello');
    assert.equal(await store.has(d, 5), true);

    const other = digestOf('world');
    await assert.rejects(store.put(Readable.from([Buffer.from('WORLD')]), other, 5), {
      message: `digest mismatch: expected ${other}, got ${digestOf('WORLD')}`,
    });
    await assert.rejects(store.put(Readable.from([Buffer.from('worl')]), other, 5), {
      message: `size mismatch for ${other}: expected 5 bytes, got 4`,
    });
    assert.equal(await store.has(other, 5), false);
    // Nothing half-written is left behind.
    const dir = path.dirname(store.filePath(other));
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.startsWith('put-')),
      [],
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

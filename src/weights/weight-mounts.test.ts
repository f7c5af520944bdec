import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { CleanupStack } from '../image/cleanup-stack.ts';
import type { CogConfig } from '../config/index.ts';
import { writeLock } from './lock-file.ts';
import { prepareWeightMounts } from './weight-mounts.ts';
import { WeightStore } from './weight-store.ts';

test('prepareWeightMounts: hard links from the store, read-only binds, removed on cleanup', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cog-mounts-'));
  try {
    const env = { COG_CACHE_DIR: path.join(dir, 'cache') };
    const digest = `sha256:${createHash('sha256').update('w').digest('hex')}`;
    const project = path.join(dir, 'p');
    const config = {
      weights: [{ name: 'demo', target: '/src/weights/demo', source: [{ uri: 'w' }] }],
    } as CogConfig;
    await import('node:fs/promises').then((fs) => fs.mkdir(project));
    await writeLock(project, {
      version: 1,
      envelopeFormat: '',
      weights: [
        {
          name: 'demo',
          target: '/src/weights/demo',
          sources: [],
          importedAt: '',
          digest: '',
          setDigest: '',
          size: 1,
          sizeCompressed: 1,
          files: [{ path: 'sub/a.bin', size: 1, digest, layer: '' }],
          layers: [],
        },
      ],
    });
    const stack = new CleanupStack();
    await assert.rejects(prepareWeightMounts({ projectDir: project, config, env, stack }), {
      message: `prepare weights: weight "demo" is not fully cached locally (missing sub/a.bin); run 'cog weights pull' first`,
    });
    await new WeightStore(path.join(env.COG_CACHE_DIR, 'weights')).put(
      Readable.from([Buffer.from('w')]),
      digest,
      1,
    );
    const binds = await prepareWeightMounts({ projectDir: project, config, env, stack });
    assert.equal(binds.length, 1);
    const [host, target, mode] = binds[0]!.split(':');
    assert.deepEqual([target, mode], ['/src/weights/demo', 'ro']);
    assert.equal(readFileSync(path.join(host!, 'sub', 'a.bin'), 'utf8'), 'w');
    assert.equal(statSync(path.join(host!, 'sub', 'a.bin')).nlink, 2, 'a hard link, not a copy');
    await stack.dispose();
    assert.equal(existsSync(path.dirname(host!)), false, 'the mount directory is removed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

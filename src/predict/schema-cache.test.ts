import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readSchemaCache, sourceFingerprint, writeSchemaCache } from './schema-cache.ts';

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

test('fingerprint follows .py files and the listed files only', async () => {
  const dir = tempDir('cog-fp-');
  writeFileSync(path.join(dir, 'cog.yaml'), 'run: run.py:Runner\n');
  writeFileSync(path.join(dir, 'run.py'), 'x = 1\n');
  mkdirSync(path.join(dir, '.venv'));
  writeFileSync(path.join(dir, '.venv', 'ignored.py'), 'a');
  const input = { projectDir: dir, extraFiles: ['cog.yaml'], cogVersion: '1' };
  const first = await sourceFingerprint(input);
  writeFileSync(path.join(dir, 'weights.bin'), 'not code');
  writeFileSync(path.join(dir, '.venv', 'ignored.py'), 'b');
  assert.equal(await sourceFingerprint(input), first, 'other files do not count');
  writeFileSync(path.join(dir, 'run.py'), 'x = 2\n');
  const second = await sourceFingerprint(input);
  assert.notEqual(second, first);
  assert.notEqual(
    await sourceFingerprint({ ...input, cogVersion: '2' }),
    second,
    'the CLI version counts',
  );

  assert.equal(await readSchemaCache(dir, second), undefined);
  await writeSchemaCache(dir, second, { openapi: '3.0.2' });
  assert.deepEqual(await readSchemaCache(dir, second), { openapi: '3.0.2' });
  assert.equal(await readSchemaCache(dir, first), undefined, 'stale fingerprint misses');
});

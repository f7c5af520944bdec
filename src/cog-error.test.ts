// The code catalogue stays honest: each code once, and each one raised somewhere in the sources.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { COG_ERROR_CODES } from './cog-error.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

test('every code is catalogued once and used by the sources', () => {
  const codes = Object.values(COG_ERROR_CODES).flat();
  assert.deepEqual(
    codes.filter((code, i) => codes.indexOf(code) !== i),
    [],
    'duplicates',
  );
  const text = sources(here)
    .filter((file) => file !== path.join(here, 'cog-error.ts'))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  assert.deepEqual(
    codes.filter((code) => !text.includes(`'${code}'`)),
    [],
    'catalogued but never raised',
  );
});

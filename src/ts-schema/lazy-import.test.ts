// The typescript package (about 9 MB) may be loaded only when a TypeScript model is built: no
// module outside src/ts-schema (tests aside) imports it, or a ts-schema module, statically.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

const src = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
// `import x from 'typescript'`, `import { y } from '../ts-schema/z.ts'`, `export * from ...`;
// `import type` and `import('...')` are fine.
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)[^;'"]*?from\s+['"]([^'"]+)['"]/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'ts-schema' || entry.name === 'testdata' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

it('typescript and src/ts-schema are imported lazily outside src/ts-schema', () => {
  const offenders: string[] = [];
  for (const file of sourceFiles(src)) {
    for (const match of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      const specifier = match[1] ?? '';
      if (specifier === 'typescript' || specifier.includes('ts-schema/')) {
        offenders.push(`${path.relative(src, file)} imports ${specifier}`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});

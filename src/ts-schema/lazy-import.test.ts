// The typescript package (about 9 MB) may be loaded only when a TypeScript model is built: no
// module outside src/ts-schema (tests aside) imports it statically, nor a ts-schema module that
// imports it (directly or through other ts-schema modules). cog-version.ts, for one, is
// free of it and may be imported by anything.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const src = path.join(here, '..');
// `import x from 'typescript'`, `import { y } from './z.ts'`, `export * from ...`;
// `import type` and `import('...')` are erased or lazy.
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)[^;'"]*?from\s+['"]([^'"]+)['"]/gm;

function staticImports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)].map((m) => m[1] ?? '');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === 'ts-schema' || entry.name === 'testdata' ? [] : sourceFiles(full);
    }
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const loadsTypeScript = new Map<string, boolean>();
function pullsInTypeScript(file: string, trail: string[] = []): boolean {
  const known = loadsTypeScript.get(file);
  if (known !== undefined) return known;
  if (trail.includes(file)) return false;
  const result = staticImports(file).some((specifier) => {
    if (specifier === 'typescript') return true;
    if (!specifier.startsWith('.')) return false;
    const target = path.resolve(path.dirname(file), specifier);
    return target.startsWith(here + path.sep) && pullsInTypeScript(target, [...trail, file]);
  });
  loadsTypeScript.set(file, result);
  return result;
}

it('typescript loads lazily: nothing outside src/ts-schema imports it statically', () => {
  const offenders: string[] = [];
  for (const file of sourceFiles(src)) {
    for (const specifier of staticImports(file)) {
      const target = path.resolve(path.dirname(file), specifier);
      const viaSchema = target.startsWith(here + path.sep) && pullsInTypeScript(target);
      if (specifier === 'typescript' || viaSchema) {
        offenders.push(`${path.relative(src, file)} imports ${specifier}`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});

it('the guard sees through ts-schema modules', () => {
  assert.equal(pullsInTypeScript(path.join(here, 'extract-typescript-schema.ts')), true);
  assert.equal(pullsInTypeScript(path.join(here, 'cog-version.ts')), false);
});

// The static analyser against the SDK (the container's schema generator) on the same sources:
// every example project and every schema fixture of python/tests. For each, the static reading
// must give the SDK's document key for key, or the SDK's error message, or give up
// (`unresolved`, so the container's document is used) where that is the expected outcome.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { staticSchema } from './static-schema.ts';

interface SdkResult {
  name: string;
  dir: string;
  predict: string | null;
  train: string | null;
  doc?: Record<string, unknown>;
  error?: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');

// Fixtures the static reading leaves to the container, and why.
const FALLBACK: Record<string, string> = {
  // Python reports these while importing the module; only Python can evaluate them.
  "input x: str = Input(regex='(unclosed')": 'an invalid regex is a Python re.error',
  "input x: 'NotDefinedAnywhere'": 'an undefined name is a NameError at import',
  'output Annotated[datetime.datetime, Opaque]': 'datetime is another package',
  'project external type': 'datetime is another package',
};

function sdkResults(work: string): SdkResult[] {
  const out = execFileSync(
    'python3',
    [path.join(here, 'sdk_documents.py'), work, path.join(root, 'examples')],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return JSON.parse(out) as SdkResult[];
}

test('static documents equal the SDK documents on every example and SDK fixture', async () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'cog-static-schema-'));
  try {
    const results = sdkResults(work);
    assert.ok(results.length > 100, `only ${results.length} fixtures`);
    const problems: string[] = [];
    let same = 0;
    for (const result of results) {
      let actual: { doc?: unknown; error?: string; unresolved?: string };
      try {
        const found = await staticSchema({
          projectDir: result.dir,
          predict: result.predict ?? undefined,
          train: result.train ?? undefined,
          mode: result.predict === null ? 'train' : 'predict',
          sdkVersion: (result.doc?.info as { version?: string } | undefined)?.version ?? '0.22.0',
        });
        actual = found.kind === 'document' ? { doc: found.doc } : { unresolved: found.reason };
      } catch (error) {
        actual = { error: (error as Error).message };
      }
      const expectFallback = FALLBACK[result.name] !== undefined;
      if (actual.unresolved !== undefined) {
        if (!expectFallback) problems.push(`${result.name}: unresolved (${actual.unresolved})`);
        continue;
      }
      if (expectFallback)
        problems.push(
          `${result.name}: expected a fallback, got ${JSON.stringify(actual).slice(0, 200)}`,
        );
      else if (result.doc !== undefined) {
        try {
          assert.deepStrictEqual(actual.doc, result.doc);
          same++;
        } catch {
          problems.push(
            `${result.name}: ${JSON.stringify(actual).slice(0, 600)}\n   SDK: ${JSON.stringify(result.doc?.components).slice(0, 600)}`,
          );
        }
      } else if (actual.error !== result.error) {
        problems.push(
          `${result.name}: error ${JSON.stringify(actual.error ?? actual.doc).slice(0, 300)}\n   SDK: ${result.error}`,
        );
      } else same++;
    }
    assert.deepEqual(problems, [], `${problems.length} differences:\n${problems.join('\n')}`);
    assert.ok(same > 100);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

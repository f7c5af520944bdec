// Test support for the parseConfig table tests (not a test file itself): a row is a name, the
// YAML input and the exact `line:column message` errors expected, in reporting order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from './parse-config.ts';

export const PY_REQUIRED =
  'invalid build.python_version: python_version is required. Add it to the build section of your cog.yaml, e.g. `python_version: "3.13"`';
/** A valid build section (lines 1–2), so rows can add lines from line 3 on. */
export const B = 'build:\n  python_version: "3.12"\n';

export interface ErrorRow {
  name: string;
  yaml: string;
  /** `line:column message`, in reporting order; empty for a valid config. */
  errors: string[];
  fileExists?: (p: string) => boolean;
}

export function errorsOf(yaml: string, fileExists?: (p: string) => boolean): string[] {
  const result = parseConfig(yaml, 'cog.yaml', fileExists ? { fileExists } : {});
  if (result.ok) return [];
  return result.errors.map((e) => `${e.position.line}:${e.position.column} ${e.message}`);
}

export function errorTable(title: string, rows: ErrorRow[]): void {
  describe(title, () => {
    for (const row of rows) {
      it(row.name, () => assert.deepEqual(errorsOf(row.yaml, row.fileExists), row.errors));
    }
  });
}

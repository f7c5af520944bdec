import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * Which of `names` are loaded in a fresh Node after importing `file` (beside this test) and
 * running `use` on its namespace (`m`).
 */
function builtinsLoadedBy(file: string, use: string, names: string[]): string[] {
  const module = fileURLToPath(new URL(file, import.meta.url));
  const loaded = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(module)}); ${use};
       const names = ${JSON.stringify(names)};
       console.log(names.filter((n) => process.moduleLoadList.includes('NativeModule ' + n)).join(','))`,
    ],
    { encoding: 'utf8' },
  );
  return loaded.trim().split(',').filter(Boolean);
}

test('the runtime gets node:http without undici, http2 or tls', () => {
  const names = ['internal/deps/undici/undici', 'http2', 'tls', 'https', 'crypto'];
  assert.deepEqual(
    builtinsLoadedBy('./node-builtins.ts', 'm.http.createServer().close()', names),
    [],
  );
});

test('loading the whole HTTP runtime loads neither crypto (OpenSSL) nor zlib', () => {
  const names = ['crypto', 'zlib', 'https', 'tls', 'http2'];
  assert.deepEqual(builtinsLoadedBy('./runtime-server.ts', '', names), []);
});

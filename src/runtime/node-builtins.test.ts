import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

test('the runtime gets node:http without undici, http2 or tls', () => {
  const module = fileURLToPath(new URL('./node-builtins.ts', import.meta.url));
  const loaded = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { http } = await import(${JSON.stringify(module)}); http.createServer().close();
       const names = ['internal/deps/undici/undici', 'http2', 'tls', 'https', 'crypto'];
       console.log(names.filter((n) => process.moduleLoadList.includes('NativeModule ' + n)).join(','))`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(loaded.trim(), '');
});

test('loading the whole HTTP runtime loads neither crypto (OpenSSL) nor zlib', () => {
  const module = fileURLToPath(new URL('./runtime-server.ts', import.meta.url));
  const loaded = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(module)});
       const names = ['crypto', 'zlib', 'https', 'tls', 'http2'];
       console.log(names.filter((n) => process.moduleLoadList.includes('NativeModule ' + n)).join(','))`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(loaded.trim(), '');
});

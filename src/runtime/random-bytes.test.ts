import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { randomBytes } from './random-bytes.ts';

test('random bytes: the sizes asked for, never the same bytes twice, across pool refills', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const bytes = randomBytes(26);
    assert.equal(bytes.length, 26);
    seen.add(bytes.toString('hex'));
  }
  assert.equal(seen.size, 1000);
  assert.equal(randomBytes(10_000).length, 10_000);
  // 26 000 bytes of uniform randomness hit every byte value.
  const all = Buffer.concat([...seen].map((hex) => Buffer.from(hex, 'hex')));
  assert.equal(new Set(all).size, 256);
});

test('random bytes do not load node:crypto (OpenSSL) where /dev/urandom is readable', () => {
  const module = fileURLToPath(new URL('./random-bytes.ts', import.meta.url));
  const loaded = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { randomBytes } = await import(${JSON.stringify(module)}); randomBytes(26);
       console.log(process.moduleLoadList.includes('NativeModule crypto'))`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(loaded.trim(), 'false');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deriveId, generatePrivateKey, recoverId, sign } from './crypto.ts';

// Recorded from the Go implementation the server uses (github.com/colonyos/colonies v1.9.12,
// pkg/security/crypto: GeneratePrivateKey, GenerateID, GenerateSignature), throw-away keys.
interface Vector {
  prvkey: string;
  id: string;
  message: string;
  signature: string;
}
const vectors = JSON.parse(
  readFileSync(new URL('testdata/go-signatures.json', import.meta.url), 'utf8'),
) as Vector[];

test('ids and signatures are byte-identical to the Go implementation', () => {
  assert.ok(
    vectors.some((v) => v.signature.endsWith('01')),
    'the vectors cover v = 1',
  );
  for (const v of vectors) {
    assert.equal(deriveId(v.prvkey), v.id);
    assert.equal(sign(v.message, v.prvkey), v.signature, `message ${JSON.stringify(v.message)}`);
    assert.equal(recoverId(v.message, v.signature), v.id);
  }
});

test('the Go unit test identity (internal/crypto/idendity_test.go)', () => {
  const prv = '6d2fb6f546bacfd98c68769e61e0b44a697a30596c018a50e28200aa59b01c0a';
  assert.equal(deriveId(prv), '4fef2b5a82d134d058c1883c72d6d9caf77cd59ca82d73105017590dea3dcb87');
});

test('generated keys are 64 hex, distinct, and sign recoverably', () => {
  const a = generatePrivateKey();
  const b = generatePrivateKey();
  assert.match(a, /^[0-9a-f]{64}$/);
  assert.notEqual(a, b);
  const signature = sign('payload', a);
  assert.match(signature, /^[0-9a-f]{128}0[01]$/);
  assert.equal(recoverId('payload', signature), deriveId(a));
  assert.notEqual(recoverId('payload2', signature), deriveId(a));
});

test('a malformed key is refused without echoing it', () => {
  assert.throws(() => deriveId('ABC'), /64 lower-case hex characters$/);
  assert.throws(
    () => sign('x', 'zz'.repeat(32)),
    (e: Error) => !e.message.includes('zz'),
  );
});

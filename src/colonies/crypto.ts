// ColonyOS identities and signatures, byte-identical to the Go server's
// (pkg/security/crypto, internal/crypto/idendity.go):
//   hash      = SHA3-256 (FIPS, not Keccak) of the UTF-8 message
//   signature = hex(r ‖ s ‖ v): 32 + 32 + 1 bytes, low-S (the server rejects high-S), v ∈ {0,1},
//               deterministic k (RFC 6979), so one key signs one message to one signature
//   id        = hex(SHA3-256(ASCII of hex(04 ‖ X ‖ Y))): the hash of the *hex text* of the
//               uncompressed public key, not of its bytes
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha3_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';

const HEX_64 = /^[0-9a-f]{64}$/;

/** A fresh private key as 64 hex characters (SHA3-256 of 32 random bytes, as the Go CLI does). */
export function generatePrivateKey(): string {
  return bytesToHex(sha3_256(randomBytes(32)));
}

/** True when `text` has the shape of a private key or id (64 lower-case hex characters). */
export function isHex64(text: string): boolean {
  return HEX_64.test(text);
}

function keyBytes(prvHex: string): Uint8Array {
  if (!isHex64(prvHex)) throw new Error('a ColonyOS private key is 64 lower-case hex characters');
  return hexToBytes(prvHex);
}

/** The ColonyOS id (64 hex) of a private key. */
export function deriveId(prvHex: string): string {
  const publicKey = secp256k1.getPublicKey(keyBytes(prvHex), false);
  return bytesToHex(sha3_256(utf8ToBytes(bytesToHex(publicKey))));
}

/** Signs `message` (the base64 payload text of an RPC message) with `prvHex`: 130 hex characters. */
export function sign(message: string, prvHex: string): string {
  const digest = sha3_256(utf8ToBytes(message));
  // noble's 'recovered' format is v ‖ r ‖ s; Go wants r ‖ s ‖ v.
  const recovered = secp256k1.sign(digest, keyBytes(prvHex), {
    prehash: false,
    lowS: true,
    format: 'recovered',
  });
  const out = new Uint8Array(65);
  out.set(recovered.subarray(1, 65), 0);
  out[64] = recovered[0] ?? 0;
  return bytesToHex(out);
}

/** The id of the key that made `signature` over `message` (what the server does to authenticate). */
export function recoverId(message: string, signature: string): string {
  const bytes = hexToBytes(signature);
  if (bytes.length !== 65) throw new Error('a ColonyOS signature is 65 bytes');
  const recovered = new Uint8Array(65);
  recovered[0] = bytes[64] ?? 0;
  recovered.set(bytes.subarray(0, 64), 1);
  const publicKey = secp256k1.recoverPublicKey(recovered, sha3_256(utf8ToBytes(message)), {
    prehash: false,
  });
  const uncompressed = secp256k1.Point.fromBytes(publicKey).toBytes(false);
  return bytesToHex(sha3_256(utf8ToBytes(bytesToHex(uncompressed))));
}

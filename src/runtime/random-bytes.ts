// Random bytes for prediction ids, from the kernel's /dev/urandom, read a block at a time.
// node:crypto's randomBytes would do the same, but loading node:crypto initialises OpenSSL:
// about 4 MB of the server's RSS for 26 bytes per prediction. Where /dev/urandom cannot be
// read, node:crypto it is.
import { closeSync, openSync, readSync } from 'node:fs';
import { crypto } from './node-builtins.ts';

const BLOCK = 4096;
let pool: Buffer = Buffer.alloc(0);
let offset = 0;

export function randomBytes(size: number): Buffer {
  if (size > BLOCK) return fill(Buffer.allocUnsafe(size));
  if (offset + size > pool.length) {
    pool = fill(Buffer.allocUnsafe(BLOCK));
    offset = 0;
  }
  // A copy, and the pool's bytes are never handed out twice.
  const bytes = Buffer.from(pool.subarray(offset, offset + size));
  offset += size;
  return bytes;
}

function fill(buffer: Buffer): Buffer {
  let fd: number;
  try {
    fd = openSync('/dev/urandom', 'r');
  } catch {
    return crypto().randomFillSync(buffer);
  }
  try {
    for (let got = 0; got < buffer.length;) {
      const read = readSync(fd, buffer, got, buffer.length - got, null);
      if (read <= 0) return crypto().randomFillSync(buffer);
      got += read;
    }
    return buffer;
  } finally {
    closeSync(fd);
  }
}

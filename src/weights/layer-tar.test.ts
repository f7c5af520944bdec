// A written layer is a tar that GNU tar and our extractor both read back, with the original's
// entry layout; its digest is the digest of the bytes on disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractLayer } from './layer-extract.ts';
import { paxRecord, writeLayer } from './layer-tar.ts';
import { MEDIA_TYPE_TAR, MEDIA_TYPE_TAR_GZIP } from './weight-digests.ts';

test('paxRecord counts its own length', () => {
  assert.equal(paxRecord('atime', '0'), '11 atime=0\n');
  const long = paxRecord('path', 'x'.repeat(95));
  assert.equal(Number(long.split(' ')[0]), Buffer.byteLength(long));
});

for (const [mediaType, gzipLevel] of [
  [MEDIA_TYPE_TAR_GZIP, 9],
  [MEDIA_TYPE_TAR, undefined],
] as const) {
  test(`writeLayer → tar -t and extractLayer (${mediaType.split('.').pop()})`, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cog-layer-'));
    try {
      mkdirSync(path.join(dir, 'src', 'sub'), { recursive: true });
      const longName = `sub/${'n'.repeat(120)}.json`;
      const files = [
        { path: 'config.json', content: '{"a":1}\n' },
        { path: longName, content: 'long' },
        { path: 'sub/tokenizer.json', content: 'tok!' },
      ].map((f) => {
        const file = path.join(dir, 'src', f.path.replaceAll('/', '_'));
        writeFileSync(file, f.content);
        return { path: f.path, size: f.content.length, file, content: f.content };
      });
      const out = path.join(dir, 'layer');
      const written = await writeLayer({ mediaType, gzipLevel, files }, out);
      const bytes = readFileSync(out);
      assert.equal(written.size, bytes.length);
      assert.equal(written.digest, `sha256:${createHash('sha256').update(bytes).digest('hex')}`);
      const listing = execFileSync('tar', ['-tvf', out], { encoding: 'utf8' }).trim().split('\n');
      assert.deepEqual(
        listing.map((l) => l.split(/\s+/).slice(-1)[0]),
        ['sub/', 'config.json', longName, 'sub/tokenizer.json'],
      );
      assert.match(listing[0] ?? '', /^drwxr-xr-x 0\/0 .* 1970-01-01 00:00 sub\/$/);
      assert.match(listing[1] ?? '', /^-rw-r--r-- 0\/0 +8 1970-01-01 00:00 config\.json$/);

      const seen: Array<[string, string]> = [];
      await extractLayer({
        blob: createReadStream(out),
        digest: written.digest,
        mediaType,
        onFile: async (p, _size, stream) => {
          let s = '';
          for await (const c of stream) s += String(c);
          seen.push([p, s]);
        },
      });
      assert.deepEqual(
        seen,
        files.map((f) => [f.path, f.content]),
      );
      const wrong = `sha256:${'0'.repeat(64)}`;
      await assert.rejects(
        extractLayer({
          blob: createReadStream(out),
          digest: wrong,
          mediaType,
          onFile: async (_p, _s, st) => void st.resume(),
        }),
        { message: `digest mismatch: expected ${wrong}, got ${written.digest}` },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

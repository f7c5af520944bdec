// weights.lock's bytes are golden: the spec's observed lock (§5.2), rebuilt from objects whose
// keys and lists come in another order, must serialise to exactly testdata/weights.lock.golden.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  parseLock,
  readLock,
  serializeLock,
  upsertWeight,
  writeLock,
  type WeightsLock,
} from './lock-file.ts';

const golden = readFileSync(new URL('./testdata/weights.lock.golden', import.meta.url), 'utf8');
const L = 'sha256:88c23993ff1b7d50da1cb75205b8444211cc88a50ec968a0fd66fdce4c4ebf73';

function scrambled(): WeightsLock {
  return {
    weights: [
      {
        layers: [
          {
            sizeUncompressed: 17,
            size: 251,
            mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
            digest: L,
          },
        ],
        files: [
          {
            layer: L,
            digest: 'sha256:75c76cabaf6d2660fc8ca59c054baba2b7884b02eac4d687ef2a6d855ea67146',
            size: 4,
            path: 'sub/tokenizer.json',
          },
          {
            layer: L,
            digest: 'sha256:de05fb016c83b6a2cf7d4454bdd9340f76578b5790cd844bae3370931d1c1018',
            size: 13,
            path: 'config.json',
          },
        ],
        sizeCompressed: 251,
        size: 17,
        setDigest: 'sha256:dd1a16c9cd382eca190ae8bb9d98b072e1143e2b631f8459fcd4e00ab14a8d3a',
        digest: 'sha256:f95821b50aa3776f0bf1d658bcd9e7790f729f734a79dbfad3f3f5f57c31b0c8',
        importedAt: '2026-12-02T06:27:01.692174828Z',
        sources: [
          {
            exclude: ['README*'],
            include: [],
            fingerprint: 'sha256:5d2e3ca50be8520379781311954a0f87a6504a46fa836e9ed33a2f931ddee55d',
            uri: 'file://./weights-src',
          },
        ],
        target: '/src/weights/demo',
        name: 'demo',
      },
    ],
    envelopeFormat: 'sha256:ce2d53f8dd962ace393450e0abadbe227304897be87753a503b61f9c8525726e',
    version: 1,
  } as unknown as WeightsLock;
}

test('serializeLock reproduces the spec lock byte for byte', () => {
  assert.equal(serializeLock(scrambled()), golden);
  assert.equal(serializeLock(parseLock(golden)), golden);
});

test('parseLock errors', () => {
  const rows: Array<[string, string, RegExp]> = [
    ['bad json', '{', /^parse weights\.lock: /],
    ['version', '{"version":2,"weights":[]}', /^unsupported weights\.lock version 2 \(want 1\)$/],
    [
      'dup name',
      JSON.stringify({
        version: 1,
        weights: [
          { name: 'a', target: '/a', sources: [], files: [], layers: [] },
          { name: 'a', target: '/b', sources: [], files: [], layers: [] },
        ],
      }),
      /duplicate weight name "a"/,
    ],
    [
      'dup target',
      JSON.stringify({
        version: 1,
        weights: [
          { name: 'a', target: '/a', sources: [], files: [], layers: [] },
          { name: 'b', target: '/a', sources: [], files: [], layers: [] },
        ],
      }),
      /duplicate weight target "\/a"/,
    ],
  ];
  for (const [name, text, message] of rows) assert.throws(() => parseLock(text), { message }, name);
});

test('writeLock is atomic (no temp left), mode 0644, no trailing newline; upsert keeps order', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cog-lock-'));
  try {
    const lock = parseLock(golden);
    const other = { ...lock.weights[0]!, name: 'other', target: '/other' };
    const two = upsertWeight(upsertWeight(lock, other), { ...lock.weights[0]!, size: 18 });
    assert.deepEqual(
      two.weights.map((w) => [w.name, w.size]),
      [
        ['demo', 18],
        ['other', 17],
      ],
    );
    await writeLock(dir, two);
    assert.deepEqual(readdirSync(dir), ['weights.lock']);
    assert.equal(statSync(path.join(dir, 'weights.lock')).mode & 0o777, 0o644);
    assert.equal(
      serializeLock((await readLock(dir))!),
      readFileSync(path.join(dir, 'weights.lock'), 'utf8'),
    );
    assert.equal(await readLock(path.join(dir, 'none')), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

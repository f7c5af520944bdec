import { test } from 'node:test';
import assert from 'node:assert/strict';
import { envelopeFormat, setDigest } from './weight-digests.ts';

test('setDigest: lines sorted by file hash, no trailing newline (the spec example)', () => {
  const digest = setDigest([
    {
      path: 'config.json',
      digest: 'sha256:de05fb016c83b6a2cf7d4454bdd9340f76578b5790cd844bae3370931d1c1018',
    },
    {
      path: 'sub/tokenizer.json',
      digest: 'sha256:75c76cabaf6d2660fc8ca59c054baba2b7884b02eac4d687ef2a6d855ea67146',
    },
  ]);
  assert.equal(digest, 'sha256:dd1a16c9cd382eca190ae8bb9d98b072e1143e2b631f8459fcd4e00ab14a8d3a');
});

test('envelopeFormat: revision 1 is the original packer; ours is a different revision', () => {
  assert.equal(
    envelopeFormat(1),
    'sha256:ce2d53f8dd962ace393450e0abadbe227304897be87753a503b61f9c8525726e',
  );
  assert.notEqual(envelopeFormat(), envelopeFormat(1));
});

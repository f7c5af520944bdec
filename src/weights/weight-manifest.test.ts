// Snapshots of the wire bytes of a weight's config and manifest (weights.md §6.1–6.2), built from
// the spec's lock entry; the config's size is the spec's observed 542 bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseLock } from './lock-file.ts';
import { bundleIndex, weightManifest, weightTag } from './weight-manifest.ts';

const lock = parseLock(
  readFileSync(new URL('./testdata/weights.lock.golden', import.meta.url), 'utf8'),
);
const demo = lock.weights[0]!;

test('weight config and manifest: compact, key order of the original', () => {
  const { config, manifest } = weightManifest(demo);
  assert.equal(config.bytes.length, 542);
  assert.equal(
    config.bytes.toString(),
    '{"name":"demo","target":"/src/weights/demo","setDigest":"sha256:dd1a16c9cd382eca190ae8bb9d98b072e1143e2b631f8459fcd4e00ab14a8d3a","files":[{"path":"config.json","layer":"sha256:88c23993ff1b7d50da1cb75205b8444211cc88a50ec968a0fd66fdce4c4ebf73","size":13,"digest":"sha256:de05fb016c83b6a2cf7d4454bdd9340f76578b5790cd844bae3370931d1c1018"},{"path":"sub/tokenizer.json","layer":"sha256:88c23993ff1b7d50da1cb75205b8444211cc88a50ec968a0fd66fdce4c4ebf73","size":4,"digest":"sha256:75c76cabaf6d2660fc8ca59c054baba2b7884b02eac4d687ef2a6d855ea67146"}]}',
  );
  assert.equal(
    manifest.bytes.toString(),
    `{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"application/vnd.cog.weight.v1","config":{"mediaType":"application/vnd.cog.weight.config.v1+json","size":542,"digest":"${config.digest}"},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","size":251,"digest":"sha256:88c23993ff1b7d50da1cb75205b8444211cc88a50ec968a0fd66fdce4c4ebf73","annotations":{"run.cog.weight.size.uncompressed":"17"}}],"annotations":{"run.cog.weight.name":"demo","run.cog.weight.set-digest":"sha256:dd1a16c9cd382eca190ae8bb9d98b072e1143e2b631f8459fcd4e00ab14a8d3a","run.cog.weight.target":"/src/weights/demo"}}`,
  );
  // The spec's observed manifest is 696 bytes long (§6.4).
  assert.equal(manifest.bytes.length, 696);
  // ...and its digest is the lock's `digest` the Go CLI wrote: the same bytes as the original.
  assert.equal(manifest.digest, demo.digest);
  assert.match(config.digest, /^sha256:3629.*a8d9$/);
});

test('weightTag: table', () => {
  const set = 'sha256:dd1a16c9cd382eca190ae8bb9d98b072e1143e2b631f8459fcd4e00ab14a8d3a';
  const rows: Array<[string, string]> = [
    ['demo', 'cog-weight.demo.dd1a16c9cd38'],
    ['qwen3.6-27b', 'cog-weight.qwen3-6-27b.dd1a16c9cd38'],
    ['..', 'cog-weight.unnamed.dd1a16c9cd38'],
    ['a'.repeat(200), `cog-weight.${'a'.repeat(104)}.dd1a16c9cd38`],
  ];
  for (const [name, want] of rows) assert.equal(weightTag(name, set), want, name);
});

test('bundleIndex: image first, weights in lock order, descriptor key order', () => {
  const index = bundleIndex(
    { mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 2345, digest: 'sha256:aa' },
    [{ weight: demo, manifestSize: 696 }],
  );
  assert.equal(
    index.bytes.toString(),
    `{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":2345,"digest":"sha256:aa","platform":{"architecture":"amd64","os":"linux"}},{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":696,"digest":"${demo.digest}","annotations":{"run.cog.weight.name":"demo","run.cog.weight.set-digest":"${demo.setDigest}","run.cog.weight.size.uncompressed":"17"},"platform":{"architecture":"unknown","os":"unknown"},"artifactType":"application/vnd.cog.weight.v1"}]}`,
  );
});

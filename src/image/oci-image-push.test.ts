// The OCI push's pure parts and its reading of a `docker save` archive (a packed stand-in of
// Docker 25+'s layout: OCI blobs, manifest.json, a legacy `<id>/layer.tar` symlink).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { CogError } from '../cog-error.ts';
import type { DockerClient } from './docker-client.ts';
import {
  DOCKER_MANIFEST,
  OCI_MANIFEST,
  exportImage,
  fallsBackToDaemon,
  imageManifest,
  registryRefOf,
  sanitizeError,
} from './oci-image-push.ts';
import { ociPushEnabled } from './push-image.ts';

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
const d = (c: string): string => `sha256:${c.repeat(64)}`;

test('COG_PUSH_OCI switches the OCI push on', () => {
  for (const v of ['1', 'true', 'TRUE', 'yes'])
    assert.equal(ociPushEnabled({ COG_PUSH_OCI: v }), true);
  for (const v of [undefined, '', '0', 'false', 'no', 'x'])
    assert.equal(ociPushEnabled(v === undefined ? {} : { COG_PUSH_OCI: v }), false);
});

test('the manifest is Docker schema 2 over gzip layers, OCI when a layer is zstd', () => {
  const config = { digest: d('c'), size: 1234 };
  const docker = imageManifest(config, [
    { digest: d('a'), size: 10, compression: 'gzip' },
    { digest: d('b'), size: 20, compression: 'gzip' },
  ]);
  assert.equal(docker.mediaType, DOCKER_MANIFEST);
  assert.equal(
    docker.bytes.toString(),
    `{"schemaVersion":2,"mediaType":"${DOCKER_MANIFEST}","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":1234,"digest":"${d('c')}"},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":10,"digest":"${d('a')}"},{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":20,"digest":"${d('b')}"}]}`,
  );
  const oci = JSON.parse(
    imageManifest(config, [
      { digest: d('a'), size: 10, compression: 'gzip' },
      { digest: d('b'), size: 20, compression: 'zstd' },
    ]).bytes.toString(),
  ) as { mediaType: string; config: { mediaType: string }; layers: Array<{ mediaType: string }> };
  assert.equal(oci.mediaType, OCI_MANIFEST);
  assert.equal(oci.config.mediaType, 'application/vnd.oci.image.config.v1+json');
  assert.deepEqual(
    oci.layers.map((l) => l.mediaType),
    ['application/vnd.oci.image.layer.v1.tar+gzip', 'application/vnd.oci.image.layer.v1.tar+zstd'],
  );
});

test('the fallback notice carries no upload state or credentials, one line', () => {
  assert.equal(
    sanitizeError(
      'PATCH http://127.0.0.1:5100/v2/a/blobs/uploads/1f?_state=SECRET&x=1: socket hang up\nmore',
    ),
    'PATCH http://127.0.0.1:5100/v2/a/blobs/uploads/1f: socket hang up',
  );
  assert.equal(
    sanitizeError('GET https://user:pw@host/v2/: refused'),
    'GET https://host/v2/: refused',
  );
});

test('auth refusals and interruptions do not fall back to the daemon; other errors do', () => {
  assert.equal(fallsBackToDaemon(new CogError('REGISTRY_AUTH', 'x')), false);
  assert.equal(fallsBackToDaemon(new CogError('INTERRUPTED', 'x')), false);
  const forbidden = Object.assign(new CogError('REGISTRY_ERROR', 'x'), { status: 403 });
  assert.equal(fallsBackToDaemon(forbidden), false);
  assert.equal(fallsBackToDaemon(Object.assign(new Error('x'), { name: 'AbortError' })), false);
  assert.equal(fallsBackToDaemon(new CogError('REGISTRY_UNREACHABLE', 'x')), true);
  const unavailable = Object.assign(new CogError('REGISTRY_ERROR', 'x'), { status: 503 });
  assert.equal(fallsBackToDaemon(unavailable), true);
});

test('registry and repository path of a push target', () => {
  assert.deepEqual(registryRefOf('127.0.0.1:5100/cog-it/m'), {
    host: '127.0.0.1:5100',
    repository: 'cog-it/m',
  });
  assert.deepEqual(registryRefOf('r8.im/acme/m'), { host: 'r8.im', repository: 'acme/m' });
  assert.deepEqual(registryRefOf('acme/m'), {
    host: 'registry-1.docker.io',
    repository: 'acme/m',
  });
  assert.deepEqual(registryRefOf('m'), { host: 'registry-1.docker.io', repository: 'library/m' });
});

function saveArchive(entries: Array<{ name: string; data?: Buffer; linkname?: string }>) {
  const archive = pack();
  for (const e of entries) {
    if (e.linkname !== undefined)
      archive.entry({ name: e.name, type: 'symlink', linkname: e.linkname });
    else archive.entry({ name: e.name, size: e.data?.length ?? 0 }, e.data ?? Buffer.alloc(0));
  }
  archive.finalize();
  return {
    host: 'fake',
    api: { getImage: () => ({ get: async () => archive }) },
  } as unknown as DockerClient;
}

test('a docker save archive: config and layers in manifest order, symlinks resolved, hashed', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cog-oci-save-'));
  try {
    const config = Buffer.from('{"rootfs":{"type":"layers"}}');
    const plain = Buffer.concat([Buffer.from('plain layer tar bytes'), Buffer.alloc(600)]);
    const gz = gzipSync('gzip layer');
    const id = 'f'.repeat(64);
    const client = saveArchive([
      { name: 'blobs/sha256/' + sha(plain), data: plain },
      { name: 'blobs/sha256/' + sha(gz), data: gz },
      { name: 'blobs/sha256/' + sha(config), data: config },
      { name: `${id}/layer.tar`, linkname: `../blobs/sha256/${sha(plain)}` },
      {
        name: 'manifest.json',
        data: Buffer.from(
          JSON.stringify([
            {
              Config: `blobs/sha256/${sha(config)}`,
              RepoTags: ['x:1'],
              Layers: [`blobs/sha256/${sha(gz)}`, `${id}/layer.tar`],
            },
          ]),
        ),
      },
      { name: '../escape', data: Buffer.from('never a path of ours') },
    ]);
    const saved = await exportImage(client, 'x:1', dir);
    assert.deepEqual(saved.config, config);
    assert.deepEqual(
      saved.layers.map((l) => [l.digest, l.size]),
      [
        [`sha256:${sha(gz)}`, gz.length],
        [`sha256:${sha(plain)}`, plain.length],
      ],
    );
    assert.deepEqual(readFileSync(saved.layers[1]!.file), plain);
    // Archive names never become paths: everything sits flat in the scratch dir.
    assert.ok(readdirSync(dir).every((f) => /^entry-\d+$/.test(f)));
    assert.ok(saved.layers.every((l) => path.dirname(l.file) === dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a blob that does not hash to its name fails the export', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cog-oci-save-'));
  try {
    const client = saveArchive([
      { name: `blobs/sha256/${'a'.repeat(64)}`, data: Buffer.from('not that') },
      { name: 'manifest.json', data: Buffer.from('[]') },
    ]);
    await assert.rejects(
      exportImage(client, 'x:1', dir),
      /export image x:1: blobs\/sha256\/a{64} holds sha256:[0-9a-f]{64}, not sha256:a{64}/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an archive whose manifest names a missing layer is one clear error', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cog-oci-save-'));
  try {
    const client = saveArchive([
      { name: `blobs/sha256/${sha('{}')}`, data: Buffer.from('{}') },
      {
        name: 'manifest.json',
        data: Buffer.from(
          JSON.stringify([{ Config: `blobs/sha256/${sha('{}')}`, Layers: ['nope/layer.tar'] }]),
        ),
      },
    ]);
    await assert.rejects(
      exportImage(client, 'x:1', dir),
      /export image x:1: nope\/layer\.tar is not in the archive/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pack } from 'tar-stream';
import type { DockerClient } from './docker-client.ts';
import { pushErrorMessage, pushImage, splitTag } from './push-image.ts';

test('splitTag', () => {
  assert.deepEqual(splitTag('r8.im/me/model'), { repository: 'r8.im/me/model', tag: 'latest' });
  assert.deepEqual(splitTag('127.0.0.1:5100/me/model:v1'), {
    repository: '127.0.0.1:5100/me/model',
    tag: 'v1',
  });
  assert.deepEqual(splitTag('127.0.0.1:5100/model'), {
    repository: '127.0.0.1:5100/model',
    tag: 'latest',
  });
});

test('pushErrorMessage', () => {
  const rows: Array<[string, string]> = [
    ['An image does not exist locally with the tag: x', 'tag not found: "img"'],
    ['NAME_UNKNOWN: repository name not known to registry', 'repository not found: "img"'],
    ['unauthorized: authentication required', 'authorization failed'],
    ['connection refused', 'error during image push: connection refused'],
  ];
  for (const [daemon, want] of rows) assert.equal(pushErrorMessage('img', daemon), want, daemon);
});

// No credentials for anyone.
const emptyDockerConfig = mkdtempSync(path.join(os.tmpdir(), 'cog-push-dc-'));
after(() => rmSync(emptyDockerConfig, { recursive: true, force: true }));

/** A daemon whose `docker save` yields `archive` (or fails) and whose push reports `digest`. */
function fakeDaemon(options: { archive?: () => Promise<unknown>; digest: string }) {
  const calls: string[] = [];
  const client = {
    host: 'unix:///fake.sock',
    api: {
      getImage: (name: string) => ({
        get: () => {
          calls.push(`save ${name}`);
          return options.archive?.() ?? Promise.reject(new Error('save exploded'));
        },
        push: async (opts: { tag: string }) => {
          calls.push(`push ${name} ${opts.tag}`);
          return 'stream';
        },
      }),
      modem: {
        followProgress: (
          _stream: unknown,
          done: (e: Error | null) => void,
          onEvent: (e: unknown) => void,
        ) => {
          onEvent({ aux: { Digest: options.digest } });
          done(null);
        },
      },
    },
  } as unknown as DockerClient;
  return { client, calls };
}

test('COG_PUSH_OCI: a failed OCI push warns (sanitised) and falls back to the daemon push', async () => {
  const digest = `sha256:${'d'.repeat(64)}`;
  const { client, calls } = fakeDaemon({ digest });
  const lines: string[] = [];
  const warnings: string[] = [];
  const env = { COG_PUSH_OCI: '1', DOCKER_CONFIG: emptyDockerConfig };
  const got = await pushImage(client, '127.0.0.1:1/acme/m:v1', {
    env,
    progress: (l) => lines.push(l),
    warn: (l) => warnings.push(l),
  });
  assert.equal(got, digest);
  assert.deepEqual(calls, ['save 127.0.0.1:1/acme/m:v1', 'push 127.0.0.1:1/acme/m:v1 v1']);
  assert.equal(lines[0], 'Exporting image from Docker daemon...');
  assert.equal(warnings.length, 1);
  assert.match(
    warnings[0] ?? '',
    /^OCI chunked push failed, falling back to Docker push: .*save exploded/,
  );
  // Without COG_PUSH_OCI the daemon pushes straight away.
  const plain = fakeDaemon({ digest });
  assert.equal(
    await pushImage(plain.client, '127.0.0.1:1/acme/m:v1', { env: {}, progress: () => undefined }),
    digest,
  );
  assert.deepEqual(plain.calls, ['push 127.0.0.1:1/acme/m:v1 v1']);
});

test('COG_PUSH_OCI: a registry refusing credentials fails the push; no daemon fallback', async () => {
  const server = createServer((req, res) => {
    res.writeHead(401, { 'www-authenticate': 'Basic realm="it"' });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    const config = Buffer.from('{}');
    const layer = Buffer.alloc(1024, 1);
    const archive = pack();
    const name = (b: Buffer): string =>
      `blobs/sha256/${createHash('sha256').update(b).digest('hex')}`;
    archive.entry({ name: name(config), size: config.length }, config);
    archive.entry({ name: name(layer), size: layer.length }, layer);
    const listing = JSON.stringify([{ Config: name(config), Layers: [name(layer)] }]);
    archive.entry({ name: 'manifest.json', size: listing.length }, listing);
    archive.finalize();
    const { client, calls } = fakeDaemon({ archive: async () => archive, digest: 'x' });
    const warnings: string[] = [];
    await assert.rejects(
      pushImage(client, `127.0.0.1:${port}/acme/m:v1`, {
        env: { COG_PUSH_OCI: '1', DOCKER_CONFIG: emptyDockerConfig },
        progress: () => undefined,
        warn: (l) => warnings.push(l),
      }),
      /requires authentication and no credentials are stored/,
    );
    assert.deepEqual(warnings, []);
    assert.deepEqual(calls, [`save 127.0.0.1:${port}/acme/m:v1`]);
  } finally {
    server.close();
  }
});

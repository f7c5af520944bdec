import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { registryAuth, registryHost } from './registry-auth.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cog-auth-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('registryHost', () => {
  const rows: Array<[string, string]> = [
    ['r8.im/me/model', 'r8.im'],
    ['localhost/me/model', 'localhost'],
    ['127.0.0.1:5100/me/model:tag', '127.0.0.1:5100'],
    ['me/model', 'docker.io'],
    ['model', 'docker.io'],
  ];
  for (const [image, want] of rows) assert.equal(registryHost(image), want, image);
});

test('registryAuth from auths', async () => {
  writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({
      auths: {
        'r8.im': { auth: Buffer.from('joe:s3cret:with:colons').toString('base64') },
        'https://index.docker.io/v1/': { identitytoken: 'tok' },
      },
      credHelpers: { 'gcr.io': 'definitely-not-installed' },
    }),
  );
  const env = { DOCKER_CONFIG: dir };
  assert.deepEqual(await registryAuth('r8.im', env), {
    username: 'joe',
    password: 's3cret:with:colons',
    serveraddress: 'r8.im',
  });
  assert.deepEqual(await registryAuth('docker.io', env), {
    identitytoken: 'tok',
    serveraddress: 'https://index.docker.io/v1/',
  });
  assert.equal(await registryAuth('ghcr.io', env), undefined, 'no r8.im fallback for other hosts');
  assert.equal(
    await registryAuth('gcr.io', env),
    undefined,
    'a missing helper gives no credentials',
  );
  assert.equal(await registryAuth('r8.im', { DOCKER_CONFIG: path.join(dir, 'none') }), undefined);
});

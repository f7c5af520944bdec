import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  credentialHelperFor,
  credentialKey,
  dockerConfigPath,
  parseDockerConfig,
  storeCredentials,
} from './docker-config.ts';
import { registryAuth } from './registry-auth.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'cog-docker-config-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => path.join(root, `c${n++}`);

test('config path, credential keys and the helper for a host', () => {
  assert.equal(dockerConfigPath({ DOCKER_CONFIG: '/x' }), '/x/config.json');
  assert.equal(dockerConfigPath({ HOME: '/home/me' }), '/home/me/.docker/config.json');
  assert.equal(credentialKey('docker.io'), 'https://index.docker.io/v1/');
  assert.equal(credentialKey('127.0.0.1:5100'), '127.0.0.1:5100');
  const config = { credsStore: 'desktop', credHelpers: { 'gcr.io': 'gcloud' } };
  assert.equal(credentialHelperFor(config, 'gcr.io'), 'gcloud');
  assert.equal(credentialHelperFor(config, 'ghcr.io'), 'desktop');
  assert.equal(credentialHelperFor({ credsStore: '' }, 'ghcr.io'), undefined);
  assert.equal(credentialHelperFor({}, 'ghcr.io'), undefined);
});

test('without a helper: auths[host].auth in the file (0600), other settings kept, readable back', async () => {
  const dir = freshDir();
  const env = { DOCKER_CONFIG: dir, PATH: process.env['PATH'] };
  const stored = await storeCredentials('127.0.0.1:5101', { username: 'me', password: 'p:w' }, env);
  assert.deepEqual(stored, { file: path.join(dir, 'config.json') });
  assert.equal(statSync(path.join(dir, 'config.json')).mode & 0o777, 0o600);
  writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({
      ...JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')),
      detachKeys: 'ctrl-x',
      auths: { 'other.io': { auth: 'b3RoZXI6eA==' } },
    }),
  );
  await storeCredentials('docker.io', { username: 'hub', password: 'tok' }, env);
  const file = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  assert.deepEqual(file, {
    detachKeys: 'ctrl-x',
    auths: {
      'other.io': { auth: 'b3RoZXI6eA==' },
      'https://index.docker.io/v1/': { auth: Buffer.from('hub:tok').toString('base64') },
    },
  });
  assert.deepEqual(await registryAuth('docker.io', env), {
    username: 'hub',
    password: 'tok',
    serveraddress: 'https://index.docker.io/v1/',
  });
});

/** A docker-credential-<name> that records what `store` received. */
function fakeHelper(bin: string, name: string, exitCode = 0): string {
  const log = path.join(bin, `${name}.log`);
  const script = path.join(bin, `docker-credential-${name}`);
  writeFileSync(
    script,
    `#!/bin/sh\necho "$1" >> '${log}'\ncat >> '${log}'\n${exitCode === 0 ? '' : 'echo "helper is locked" >&2\n'}exit ${exitCode}\n`,
  );
  chmodSync(script, 0o755);
  return log;
}

test('credHelpers[host] wins over credsStore; the helper gets the secret on stdin only', async () => {
  const dir = freshDir();
  const bin = path.join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const perHost = fakeHelper(bin, 'perhost');
  const store = fakeHelper(bin, 'store');
  writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({ credsStore: 'store', credHelpers: { 'reg.example.com': 'perhost' } }),
  );
  const env = { DOCKER_CONFIG: dir, PATH: `${bin}:${process.env['PATH']}` };
  const secret = { username: 'me', password: 's3cret' };
  assert.deepEqual(await storeCredentials('reg.example.com', secret, env), { helper: 'perhost' });
  assert.deepEqual(await storeCredentials('other.example.com', secret, env), { helper: 'store' });
  const [arg, input] = readFileSync(perHost, 'utf8').split('\n');
  assert.equal(arg, 'store');
  assert.deepEqual(JSON.parse(input ?? ''), {
    ServerURL: 'reg.example.com',
    Username: 'me',
    Secret: 's3cret',
  });
  assert.match(readFileSync(store, 'utf8'), /"ServerURL":"other\.example\.com"/);
  // The file itself is left alone when a helper stores the login.
  assert.doesNotMatch(readFileSync(path.join(dir, 'config.json'), 'utf8'), /auths/);
});

test('a failing or missing helper is one error that does not contain the secret', async () => {
  const dir = freshDir();
  const bin = path.join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  fakeHelper(bin, 'locked', 1);
  const env = { DOCKER_CONFIG: dir, PATH: `${bin}:${process.env['PATH']}` };
  for (const [store, pattern] of [
    ['locked', /Failed to run docker-credential-locked: helper is locked/],
    ['absent', /Failed to run docker-credential-absent: /],
  ] as const) {
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ credsStore: store }));
    await assert.rejects(
      storeCredentials('reg.example.com', { username: 'me', password: 'TOPSECRET' }, env),
      (error: Error) => {
        assert.match(error.message, /^failed to save credentials: /);
        assert.match(error.message, pattern);
        assert.doesNotMatch(error.message, /TOPSECRET/);
        return true;
      },
    );
  }
});

test('a config it does not understand is never rewritten', async () => {
  const rows: Array<[string, string, RegExp]> = [
    ['bad JSON', '{"auths": {', /it is not valid JSON \(/],
    ['not an object', '[1]', /it is not a JSON object/],
    ['auths of the wrong shape', '{"auths": []}', /"auths" is not an object/],
    ['credHelpers of the wrong shape', '{"credHelpers": "x"}', /"credHelpers" is not an object/],
    ['credsStore of the wrong shape', '{"credsStore": 1}', /"credsStore" is not a string/],
  ];
  for (const [name, contents, reason] of rows) {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'config.json');
    writeFileSync(file, contents);
    const env = { DOCKER_CONFIG: dir, PATH: process.env['PATH'] };
    await assert.rejects(
      storeCredentials('127.0.0.1:5101', { username: 'me', password: 'pw' }, env),
      (error: Error & { code?: string; hint?: string }) => {
        assert.equal(error.code, 'DOCKER_CONFIG_INVALID', name);
        assert.match(error.message, reason, name);
        assert.ok(error.message.startsWith(`cannot update the Docker config ${file}: `), name);
        assert.equal(error.hint, `Fix or move ${file} and log in again; it was left unchanged.`);
        assert.doesNotMatch(error.message, /pw/);
        return true;
      },
    );
    assert.equal(readFileSync(file, 'utf8'), contents, `${name}: byte-identical`);
    // Reading credentials for a push stays lenient, as with the docker CLI.
    assert.equal(await registryAuth('127.0.0.1:5101', env), undefined, name);
  }
});

test('an empty file is an empty config; a symlinked config.json is written through', async () => {
  assert.deepEqual(parseDockerConfig('  \n', '/x/config.json'), {});
  const dir = freshDir();
  const real = path.join(dir, 'dotfiles', 'docker.json');
  mkdirSync(path.dirname(real), { recursive: true });
  writeFileSync(real, '{"detachKeys": "ctrl-x"}');
  symlinkSync(real, path.join(dir, 'config.json'));
  const env = { DOCKER_CONFIG: dir, PATH: process.env['PATH'] };
  await storeCredentials('127.0.0.1:5101', { username: 'me', password: 'pw' }, env);
  assert.ok(lstatSync(path.join(dir, 'config.json')).isSymbolicLink(), 'still a link');
  const written = JSON.parse(readFileSync(real, 'utf8')) as Record<string, unknown>;
  assert.equal(written['detachKeys'], 'ctrl-x');
  assert.ok((written['auths'] as Record<string, unknown>)['127.0.0.1:5101']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CogError } from '../cog-error.ts';
import {
  connectDocker,
  dockerHost,
  dockerodeOptions,
  isNotFound,
  translateDockerError,
} from './docker-client.ts';

test('dockerHost', () => {
  assert.equal(dockerHost({}), 'unix:///var/run/docker.sock');
  assert.equal(dockerHost({ DOCKER_HOST: 'tcp://10.0.0.1:2375' }), 'tcp://10.0.0.1:2375');
  assert.equal(dockerHost({ DOCKER_HOST: ' ' }), 'unix:///var/run/docker.sock');
});

test('translateDockerError table', () => {
  const rows: Array<[string, unknown, string, RegExp]> = [
    [
      'refused',
      { code: 'ECONNREFUSED' },
      'DOCKER_UNREACHABLE',
      /^error pinging docker daemon: Cannot connect to the Docker daemon at unix:\/\/\/x.sock\. Is the docker daemon running\?$/,
    ],
    ['no socket', { code: 'ENOENT' }, 'DOCKER_UNREACHABLE', /Cannot connect to the Docker daemon/],
    [
      'permission',
      { code: 'EACCES' },
      'DOCKER_PERMISSION_DENIED',
      /permission denied while trying to connect to the Docker daemon socket at unix:\/\/\/x.sock/,
    ],
    [
      '404 json',
      { statusCode: 404, json: { message: 'No such image: foo:latest' } },
      'DOCKER_NOT_FOUND',
      /^No such image: foo:latest$/,
    ],
    [
      '409',
      { statusCode: 409, json: { message: 'removal in progress' } },
      'DOCKER_CONFLICT',
      /removal in progress/,
    ],
    [
      '500 text',
      { statusCode: 500, message: '(HTTP code 500) server error - boom ' },
      'DOCKER_ERROR',
      /^boom$/,
    ],
  ];
  for (const [name, error, code, message] of rows) {
    const translated = translateDockerError(error, { host: 'unix:///x.sock' });
    assert.equal(translated.code, code, name);
    assert.match(translated.message, message, name);
  }
  const already = new CogError('IMAGE_NOT_FOUND', 'kept');
  assert.equal(translateDockerError(already), already);
  assert.equal(isNotFound(translateDockerError({ statusCode: 404 })), true);
});

test('connectDocker to a socket nobody listens on fails with one line', async () => {
  await assert.rejects(
    connectDocker({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' }),
    (error: unknown) => {
      assert.ok(error instanceof CogError);
      assert.equal(error.code, 'DOCKER_UNREACHABLE');
      assert.equal(error.message.split('\n').length, 1);
      return true;
    },
  );
});

test('dockerodeOptions', async () => {
  assert.deepEqual(await dockerodeOptions('unix:///run/docker.sock', {}), {
    socketPath: '/run/docker.sock',
  });
  assert.deepEqual(await dockerodeOptions('tcp://10.0.0.1:2375', {}), {
    host: '10.0.0.1',
    port: 2375,
    protocol: 'http',
  });
  assert.deepEqual(
    await dockerodeOptions('tcp://docker.example', {
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: '/nonexistent',
    }),
    {
      host: 'docker.example',
      port: 2376,
      protocol: 'https',
    },
  );
  assert.deepEqual(await dockerodeOptions('ssh://me@box', {}), {});
});

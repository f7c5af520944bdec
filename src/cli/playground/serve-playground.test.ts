import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CogError } from '../../cog-error.ts';
import { runCaptured } from '../cli-test-harness.ts';
import { checkPlaygroundPort, serveTarget, startServePlayground } from './serve-playground.ts';

test('checkPlaygroundPort: the same port collides because the playground binds every interface', () => {
  assert.throws(
    () => checkPlaygroundPort({ serveHost: '127.0.0.1', servePort: 9000, playgroundPort: 9000 }),
    (error: unknown) =>
      error instanceof CogError &&
      error.message === 'playground port 9000 must differ from the model port 9000',
  );
  assert.doesNotThrow(() =>
    checkPlaygroundPort({ serveHost: '127.0.0.1', servePort: 8393, playgroundPort: 9000 }),
  );
  assert.doesNotThrow(() =>
    checkPlaygroundPort({ serveHost: '0.0.0.0', servePort: 9000, playgroundPort: 0 }),
  );
});

test('serveTarget: unspecified hosts become loopback, IPv6 is bracketed', () => {
  assert.equal(serveTarget('127.0.0.1', 8393), 'http://127.0.0.1:8393');
  assert.equal(serveTarget('0.0.0.0', 8393), 'http://127.0.0.1:8393');
  assert.equal(serveTarget('::', 5000), 'http://127.0.0.1:5000');
  assert.equal(serveTarget('fe80::1', 5000), 'http://[fe80::1]:5000');
  assert.equal(serveTarget('192.168.1.4', 5000), 'http://192.168.1.4:5000');
});

test('startServePlayground targets the served model', async () => {
  const server = await startServePlayground({
    serveHost: '0.0.0.0',
    servePort: 8400,
    playgroundPort: 0,
    cogVersion: '1.0.0',
  });
  try {
    const config = (await (await fetch(`http://127.0.0.1:${server.port}/config`)).json()) as Record<
      string,
      string
    >;
    assert.equal(config['target'], 'http://127.0.0.1:8400');
    assert.equal(config['webhookBase'], `http://host.docker.internal:${server.port}`);
  } finally {
    await server.close(100);
  }
});

test('cog serve refuses clashing ports before doing anything else', async () => {
  const { code, stderr } = await runCaptured(['serve', '--playground', '-p', '9000']);
  assert.equal(code, 1);
  assert.match(stderr, /^playground port 9000 must differ from the model port 9000\n/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { executorContainerSettings, remoteConfigFromEnv } from './client-config.ts';

const KEY = 'b'.repeat(64);
const env = {
  COLONIES_SERVER_HOST: '127.0.0.1',
  COLONIES_SERVER_PORT: '50080',
  COLONIES_COLONY_NAME: 'dev',
  COLONIES_PRVKEY: KEY,
};

test('remote config from the COLONIES_* variables', () => {
  assert.deepEqual(remoteConfigFromEnv({ ...env, COLONIES_TLS: 'true' }), {
    server: { host: '127.0.0.1', port: 50080, tls: true },
    colonyName: 'dev',
    userKey: KEY,
  });
  assert.throws(
    () => remoteConfigFromEnv({ ...env, COLONIES_COLONY_NAME: '' }),
    /--remote colonies needs COLONIES_COLONY_NAME/,
  );
  assert.throws(
    () => remoteConfigFromEnv({ ...env, COLONIES_PRVKEY: 'hunter2' }),
    (e: Error) => /64 lower-case hex/.test(e.message) && !e.message.includes('hunter2'),
  );
});

test('executor container: loopback servers through the host gateway, type and name passed', () => {
  assert.deepEqual(executorContainerSettings(env, { type: 'hello', name: 'n1' }), {
    env: [
      'COG_EXECUTOR=colonies',
      'COLONIES_SERVER_HOST=host.docker.internal',
      'COLONIES_SERVER_PORT=50080',
      'COLONIES_COLONY_NAME=dev',
      `COLONIES_PRVKEY=${KEY}`,
      'COLONIES_EXECUTOR_TYPE=hello',
      'COLONIES_EXECUTOR_NAME=n1',
    ],
    extraHosts: ['host.docker.internal:host-gateway'],
  });
  const remote = executorContainerSettings(
    { ...env, COLONIES_SERVER_HOST: 'colonies.example.com' },
    { type: 't', name: undefined },
  );
  assert.equal(remote.env[1], 'COLONIES_SERVER_HOST=colonies.example.com');
  assert.deepEqual(remote.extraHosts, []);
  assert.throws(
    () =>
      executorContainerSettings({ ...env, COLONIES_PRVKEY: '' }, { type: 't', name: undefined }),
    /COLONIES_PRVKEY \(an approved executor key\) or COLONIES_COLONY_PRVKEY/,
  );
});

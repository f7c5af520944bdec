import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExecutorConfig, sanitiseName } from './executor-config.ts';

const KEY = 'a'.repeat(64);
const base = {
  COLONIES_SERVER_HOST: '127.0.0.1',
  COLONIES_SERVER_PORT: '50080',
  COLONIES_COLONY_NAME: 'dev',
  COLONIES_PRVKEY: KEY,
  COLONIES_EXECUTOR_TYPE: 'hello',
};
const ctx = { cogYamlText: null, hostname: 'box', randomHex: 'abc123' };

test('a pre-approved executor key, defaults for the rest', () => {
  assert.deepEqual(parseExecutorConfig(base, ctx), {
    server: { host: '127.0.0.1', port: 50080, tls: false },
    colonyName: 'dev',
    executorKey: KEY,
    colonyKey: null,
    executorType: 'hello',
    executorName: 'box-abc123',
    assignTimeoutSeconds: 3,
    inlineLimitBytes: 1048576,
    uploadUrl: null,
  });
});

test('the inline limit and the upload URL of output files', () => {
  const c = parseExecutorConfig(
    { ...base, COG_COLONIES_INLINE_LIMIT: ' 0 ', COG_COLONIES_UPLOAD_URL: 'https://up.test/o/' },
    ctx,
  );
  assert.deepEqual([c.inlineLimitBytes, c.uploadUrl], [0, 'https://up.test/o/']);
});

test('the type defaults to cog.yaml image; TLS and name from the environment', () => {
  const env = {
    ...base,
    COLONIES_EXECUTOR_TYPE: '',
    COLONIES_TLS: 'true',
    COLONIES_EXECUTOR_NAME: 'gpu 1',
  };
  const c = parseExecutorConfig(env, { ...ctx, cogYamlText: 'image: r8.im/me/hello\n' });
  assert.equal(c.executorType, 'r8.im/me/hello');
  assert.equal(c.executorName, 'gpu-1');
  assert.equal(c.server.tls, true);
});

test('errors name the variable and never echo a key', () => {
  const rows: [Record<string, string>, RegExp][] = [
    [{ ...base, COLONIES_SERVER_HOST: '' }, /needs COLONIES_SERVER_HOST$/],
    [{ ...base, COLONIES_SERVER_PORT: 'http' }, /COLONIES_SERVER_PORT must be a port number/],
    [{ ...base, COLONIES_PRVKEY: '' }, /COLONIES_PRVKEY .* or COLONIES_COLONY_PRVKEY/],
    [{ ...base, COLONIES_PRVKEY: 'SECRETSECRET' }, /^COLONIES_PRVKEY must be 64 lower-case hex/],
    [{ ...base, COLONIES_EXECUTOR_TYPE: '' }, /COLONIES_EXECUTOR_TYPE \(or `image:` in cog.yaml\)/],
    [
      { ...base, COG_COLONIES_INLINE_LIMIT: '1MB' },
      /^COG_COLONIES_INLINE_LIMIT must be a number of bytes/,
    ],
    [
      { ...base, COG_COLONIES_INLINE_LIMIT: '-1' },
      /^COG_COLONIES_INLINE_LIMIT must be a number of bytes/,
    ],
    [
      { ...base, COG_COLONIES_UPLOAD_URL: 'ftp://SECRET@x/' },
      /^COG_COLONIES_UPLOAD_URL must be an absolute http/,
    ],
    [{ ...base, COG_COLONIES_UPLOAD_URL: 'uploads/SECRET' }, /^COG_COLONIES_UPLOAD_URL must be/],
  ];
  for (const [env, message] of rows) {
    assert.throws(
      () => parseExecutorConfig(env, ctx),
      (e: Error) => message.test(e.message) && !e.message.includes('SECRET'),
      message.source,
    );
  }
});

test('names keep a safe alphabet', () => {
  assert.equal(sanitiseName(' my model; rm -rf / '), 'my-model-rm--rf-/');
  assert.equal(sanitiseName('r8.im/u/m@sha256:ab'), 'r8.im/u/m@sha256:ab');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRuntimeConfig } from '../runtime-config.ts';
import { parseExecutorConfig } from './executor-config.ts';
import { executorOutputFiles } from './executor-runtime.ts';

const ENV = {
  COLONIES_SERVER_HOST: '127.0.0.1',
  COLONIES_SERVER_PORT: '50080',
  COLONIES_COLONY_NAME: 'dev',
  COLONIES_PRVKEY: 'a'.repeat(64),
  COLONIES_EXECUTOR_TYPE: 'hello',
  COG_PREDICT_TYPE_STUB: 'run.py:Runner',
  COG_COLONIES_INLINE_LIMIT: '2048',
  COG_COLONIES_UPLOAD_URL: 'https://env.test/up/',
};
const ctx = { cogYamlText: null, hostname: 'box', randomHex: 'abc123' };

test('output files of the executor: the inline limit, and --upload-url wins over the env', () => {
  const executor = parseExecutorConfig(ENV, ctx);
  const log = () => {};
  const fromEnv = executorOutputFiles({ config: parseRuntimeConfig([], ENV, null), executor, log });
  assert.deepEqual(
    [fromEnv.uploadUrl, fromEnv.inlineLimitBytes, fromEnv.warn],
    ['https://env.test/up/', 2048, log],
  );
  const config = parseRuntimeConfig(['--upload-url', 'https://flag.test/'], ENV, null);
  assert.equal(executorOutputFiles({ config, executor, log }).uploadUrl, 'https://flag.test/');
});

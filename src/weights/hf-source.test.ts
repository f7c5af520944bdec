// hf:// sources against a stand-in hub of the test (src/testing/hf-hub-fixture.ts: real HTTP
// on 127.0.0.1, the hub's routes, pagination, private repos, a CDN redirect for LFS files).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commitOf, startHfHub, type HfHubFixture } from '../testing/hf-hub-fixture.ts';
import { HfHub, inventoryHfSource, nextLink, parseHfUri } from './hf-source.ts';
import { planWeight } from './weight-plan.ts';
import { WeightStore } from './weight-store.ts';

const TOKEN = 'hf_test_token';
const MAIN = commitOf('main');
const V1 = commitOf('v1');
const weightsBin = Buffer.alloc(2 * 1024 * 1024, 3);
const files = {
  'config.json': Buffer.from('{"hidden": 8}\n'),
  'tokenizer/vocab.txt': Buffer.from('a\nb\n'),
  'model.safetensors': weightsBin,
  'README.md': Buffer.from('# readme\n'),
};
const digestOf = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
let hub: HfHubFixture;
const dir = mkdtempSync(path.join(os.tmpdir(), 'cog-hf-src-'));

before(async () => {
  hub = await startHfHub({
    token: TOKEN,
    repos: {
      'acme/tiny': { files, lfs: ['model.safetensors'], refs: { main: MAIN, v1: V1 } },
      'acme/secret': {
        files: { 'a.txt': Buffer.from('a') },
        lfs: [],
        refs: { main: MAIN },
        private: true,
      },
    },
  });
});
after(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ HF_ENDPOINT: hub.endpoint, HF_TOKEN: TOKEN });
const fastHub = (e: NodeJS.ProcessEnv) => HfHub.open(e, { retryBaseMs: 10 });

test('parseHfUri and nextLink', () => {
  assert.deepEqual(parseHfUri('hf://org/repo'), { repo: 'org/repo', ref: 'main' });
  assert.deepEqual(parseHfUri('hf://org/repo@v1.0'), { repo: 'org/repo', ref: 'v1.0' });
  assert.equal(nextLink('<https://h/a?cursor=2>; rel="next"'), 'https://h/a?cursor=2');
  assert.equal(nextLink('<https://h/p>; rel="prev", <https://h/n>; rel="next"'), 'https://h/n');
  assert.equal(nextLink('<https://h/p>; rel="prev"'), undefined);
  assert.equal(nextLink(undefined), undefined);
});

test('inventory: commit fingerprint, every page, LFS digests from the listing, others hashed', async () => {
  const store = new WeightStore(path.join(dir, 'store-a'));
  hub.requests.length = 0;
  const inv = await inventoryHfSource('hf://acme/tiny', store, env(), await fastHub(env()));
  assert.equal(inv.fingerprint, `commit:${MAIN}`);
  assert.deepEqual(
    inv.files.map((f) => [f.path, f.size, f.digest]).sort(),
    Object.entries(files)
      .map(([p, b]) => [p, b.length, digestOf(b)])
      .sort(),
  );
  const paths = hub.requests.map((r) => r.path);
  assert.equal(paths[0], '/api/models/acme/tiny/revision/main');
  // 1 directory + 4 files = 5 entries, 2 a page: 3 pages.
  assert.equal(paths.filter((p) => p.includes('/tree/')).length, 3);
  // The LFS file is not downloaded while planning; the three small ones are, into the store.
  assert.equal(hub.requests.filter((r) => r.server === 'cdn').length, 0);
  assert.equal(paths.filter((p) => p.includes('/resolve/')).length, 3);
  assert.ok(
    readFileSync(store.filePath(digestOf(files['config.json']))).equals(files['config.json']),
  );
  assert.ok(
    hub.requests
      .filter((r) => r.server === 'hub')
      .every((r) => r.authorization === `Bearer ${TOKEN}`),
  );

  // The LFS bytes come through the CDN redirect, without the token there.
  const lfs = inv.files.find((f) => f.path === 'model.safetensors');
  assert.ok(lfs?.fetch);
  await store.put(await lfs.fetch(), lfs.digest, lfs.size);
  assert.ok(readFileSync(store.filePath(lfs.digest)).equals(weightsBin));
  const cdn = hub.requests.filter((r) => r.server === 'cdn');
  assert.equal(cdn.length, 1);
  assert.equal(cdn[0]?.authorization, undefined, 'the token never leaves the hub');
});

test('a ref other than main resolves to its commit; HUGGING_FACE_HUB_TOKEN is the fallback', async () => {
  const store = new WeightStore(path.join(dir, 'store-b'));
  const e = { HF_ENDPOINT: `${hub.endpoint}/`, HUGGING_FACE_HUB_TOKEN: TOKEN };
  const inv = await inventoryHfSource('hf://acme/tiny@v1', store, e, await fastHub(e));
  assert.equal(inv.fingerprint, `commit:${V1}`);
  const secret = await inventoryHfSource('hf://acme/secret', store, e, await fastHub(e));
  assert.deepEqual(
    secret.files.map((f) => f.path),
    ['a.txt'],
  );
});

test('errors: 401 without a token, 403 with a wrong one, 404, other statuses with the body', async () => {
  const store = new WeightStore(path.join(dir, 'store-c'));
  const base = hub.endpoint;
  const run = async (uri: string, e: NodeJS.ProcessEnv) =>
    inventoryHfSource(uri, store, e, await fastHub(e));
  await assert.rejects(run('hf://acme/secret', { HF_ENDPOINT: base }), {
    message: `authentication failed for ${base}/api/models/acme/secret/revision/main (HTTP 401): set HF_TOKEN or HUGGING_FACE_HUB_TOKEN`,
  });
  await assert.rejects(run('hf://acme/secret', { HF_ENDPOINT: base, HF_TOKEN: 'nope' }), {
    message: `access denied for ${base}/api/models/acme/secret/revision/main (HTTP 403): check repo visibility and token permissions`,
  });
  await assert.rejects(run('hf://acme/missing', env()), {
    message: `not found: ${base}/api/models/acme/missing/revision/main (HTTP 404)`,
  });
  await assert.rejects(run('hf://acme/tiny@nope', env()), {
    message: `not found: ${base}/api/models/acme/tiny/revision/nope (HTTP 404)`,
  });
  hub.fail('/api/models/acme/tiny/revision', 418);
  await assert.rejects(run('hf://acme/tiny', env()), {
    message: `HTTP 418 from ${base}/api/models/acme/tiny/revision/main: injected 418`,
  });
  await assert.rejects(run('hf://acme/tiny', { HF_ENDPOINT: 'http://127.0.0.1:1' }), (e: Error) =>
    e.message.startsWith('GET http://127.0.0.1:1/api/models/acme/tiny/revision/main: '),
  );
});

test('429 and 5xx are retried (3 attempts in all)', async () => {
  const store = new WeightStore(path.join(dir, 'store-d'));
  hub.fail('/api/models/acme/tiny/tree', 503, 429);
  const inv = await inventoryHfSource('hf://acme/tiny', store, env(), await fastHub(env()));
  assert.equal(inv.files.length, 4);
  hub.fail('/api/models/acme/tiny/revision', 500, 502, 503);
  await assert.rejects(inventoryHfSource('hf://acme/tiny', store, env(), await fastHub(env())), {
    message: /^HTTP 503 from /,
  });
});

test('a plan from an hf:// source filters the listing and records the commit', async () => {
  const store = new WeightStore(path.join(dir, 'store-e'));
  const plan = await planWeight(
    {
      name: 'tiny',
      target: '/src/weights/tiny',
      source: [{ uri: 'huggingface://acme/tiny@main', exclude: ['*.md'] }],
    },
    undefined,
    dir,
    () => undefined,
    store,
    env(),
  );
  assert.deepEqual(plan.sources, [
    { uri: 'hf://acme/tiny', fingerprint: `commit:${MAIN}`, include: [], exclude: ['*.md'] },
  ]);
  assert.deepEqual(
    plan.files.map((f) => f.path),
    ['config.json', 'model.safetensors', 'tokenizer/vocab.txt'],
  );
});

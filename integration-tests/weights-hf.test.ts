// `cog weights import | pull` of an `hf://` source through the real CLI: the hub is a stand-in
// of the test (src/testing/hf-hub-fixture.ts — real HTTP, the hub's routes, a private repo, LFS
// bytes behind a CDN redirect), reached through HF_ENDPOINT as huggingface_hub would; the
// registry is Debian's `docker-registry` on 127.0.0.1:5113, started here. (huggingface.co itself
// is not reachable from the test machines.) No Docker.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { commitOf, startHfHub, type HfHubFixture } from '../src/testing/hf-hub-fixture.ts';
import { cogMeasured as cogIn } from './lib/cog-measured.ts';
import { hasRegistryTools, startRegistry, type LocalRegistry } from './lib/local-registry.ts';

const TOKEN = 'hf_it_token';
const MAIN = commitOf('it-main');
const model = randomBytes(3 * 1024 * 1024);
const files = {
  'config.json': Buffer.from('{"layers": 2}\n'),
  'tokenizer/tokenizer.json': Buffer.from('{"v": []}\n'),
  'model.safetensors': model,
  'README.md': Buffer.from('# tiny\n'),
};
const digestOf = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
let registry: LocalRegistry | undefined;
let hub: HfHubFixture | undefined;
let root: string;
let skip: string | false = false;

before(async () => {
  if (!hasRegistryTools()) {
    skip = 'needs docker-registry and htpasswd (apache2-utils)';
    return;
  }
  root = await mkdtemp(path.join(os.tmpdir(), 'cog-it-hf-'));
  registry = await startRegistry(process.env.COG_TEST_HF_REGISTRY ?? '127.0.0.1:5113');
  hub = await startHfHub({
    token: TOKEN,
    repos: {
      'acme/tiny': { files, lfs: ['model.safetensors'], refs: { main: MAIN }, private: true },
      'acme/damaged': {
        files: { 'model.safetensors': model },
        lfs: ['model.safetensors'],
        refs: { main: MAIN },
        tampered: ['model.safetensors'],
      },
    },
  });
});

after(async () => {
  await hub?.close();
  await registry?.stop();
  if (root !== undefined) await rm(root, { recursive: true, force: true });
});

async function project(name: string, uri: string): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, 'cog.yaml'),
    [
      'build:',
      '  python_version: "3.11"',
      'run: "run.py:Runner"',
      `model: ${registry?.host}/cog-it/${name}`,
      'weights:',
      '  - name: tiny',
      '    target: /src/weights/tiny',
      '    source:',
      `      uri: ${uri}`,
      '      exclude: ["README*"]',
      '',
    ].join('\n'),
  );
  await writeFile(path.join(dir, 'run.py'), 'class Runner:\n    pass\n');
  return dir;
}

test('an hf:// source: dry run, import, re-import, pull into a clean cache', async (t) => {
  if (skip || registry === undefined || hub === undefined) return t.skip(skip || 'no registry');
  const dir = await project('hf', 'hf://acme/tiny');
  const env = {
    HF_ENDPOINT: hub.endpoint,
    HF_TOKEN: TOKEN,
    COG_CACHE_DIR: path.join(root, 'cache'),
  };
  const cdn = () => hub!.requests.filter((r) => r.server === 'cdn');

  const dry = await cogIn(dir, ['weights', 'import', '--dry-run'], env);
  assert.equal(dry.exitCode, 0, dry.stderr);
  assert.match(
    dry.stderr,
    /\+ tiny {2}hf:\/\/acme\/tiny → \/src\/weights\/tiny\n {2}status: new\n {2}files: 3 {2}size: 3\.0MB\n/,
  );
  assert.equal(cdn().length, 0, 'planning does not download LFS files');
  assert.equal(existsSync(path.join(dir, 'weights.lock')), false);

  const imported = await cogIn(dir, ['weights', 'import'], env);
  assert.equal(imported.exitCode, 0, imported.stderr);
  assert.match(imported.stderr, /tiny: Download complete\n/);
  assert.match(imported.stderr, /\ntiny: Pushed\n/);
  assert.equal(cdn().length, 1);
  assert.ok(
    cdn().every((r) => r.authorization === undefined),
    'no token to the CDN',
  );
  assert.ok(
    hub.requests
      .filter((r) => r.server === 'hub')
      .every((r) => r.authorization === `Bearer ${TOKEN}`),
  );
  const lock = JSON.parse(readFileSync(path.join(dir, 'weights.lock'), 'utf8')) as {
    weights: Array<{
      sources: Array<{ uri: string; fingerprint: string; exclude: string[] }>;
      files: Array<{ path: string; digest: string }>;
    }>;
  };
  assert.deepEqual(lock.weights[0]?.sources, [
    { uri: 'hf://acme/tiny', fingerprint: `commit:${MAIN}`, include: [], exclude: ['README*'] },
  ]);
  assert.deepEqual(
    lock.weights[0]?.files.map((f) => [f.path, f.digest]),
    ['config.json', 'model.safetensors', 'tokenizer/tokenizer.json'].map((p) => [
      p,
      digestOf(files[p as keyof typeof files]),
    ]),
  );

  const again = await cogIn(dir, ['weights', 'import'], env);
  assert.equal(again.exitCode, 0, again.stderr);
  assert.match(
    again.stderr,
    /= tiny {2}hf:\/\/acme\/tiny → \/src\/weights\/tiny\n {2}status: unchanged\n/,
  );
  assert.equal(cdn().length, 1, 'the store already has the LFS file');

  const clean = path.join(root, 'clean');
  const pulled = await cogIn(dir, ['weights', 'pull'], { COG_CACHE_DIR: clean });
  assert.equal(pulled.exitCode, 0, pulled.stderr);
  const hex = digestOf(model).slice(7);
  assert.ok(
    readFileSync(path.join(clean, 'weights/files/sha256', hex.slice(0, 2), hex)).equals(model),
  );
});

test('hf:// errors: no token for a private repo, a download that does not match the listing', async (t) => {
  if (skip || registry === undefined || hub === undefined) return t.skip(skip || 'no registry');
  const dir = await project('hf-private', 'hf://acme/tiny');
  const cache = path.join(root, 'cache-errors');
  const noToken = await cogIn(dir, ['weights', 'import'], {
    HF_ENDPOINT: hub.endpoint,
    COG_CACHE_DIR: cache,
  });
  assert.equal(noToken.exitCode, 1);
  assert.ok(
    noToken.stderr.includes(
      `plan weight "tiny": inventory weight "tiny" source[0]: authentication failed for ${hub.endpoint}/api/models/acme/tiny/revision/main (HTTP 401): set HF_TOKEN or HUGGING_FACE_HUB_TOKEN`,
    ),
    noToken.stderr,
  );

  const damaged = await project('hf-damaged', 'hf://acme/damaged');
  const run = await cogIn(damaged, ['weights', 'import'], {
    HF_ENDPOINT: hub.endpoint,
    COG_CACHE_DIR: cache,
  });
  assert.equal(run.exitCode, 1);
  assert.match(
    run.stderr,
    /failed to build weight "tiny": digest mismatch: expected sha256:[0-9a-f]{64}, got sha256:[0-9a-f]{64}/,
  );
  assert.equal(existsSync(path.join(damaged, 'weights.lock')), false);
  const hex = digestOf(model).slice(7);
  assert.equal(existsSync(path.join(cache, 'weights/files/sha256', hex.slice(0, 2), hex)), false);
  const leftovers = existsSync(path.join(cache, 'weights/files/sha256', hex.slice(0, 2)))
    ? readdirSync(path.join(cache, 'weights/files/sha256', hex.slice(0, 2)))
    : [];
  assert.deepEqual(leftovers, [], 'no half file left in the store');
});

// `cog push` to the local test registry (integration-tests/registry.sh): `cog push IMAGE` builds
// the image with its labels plus `run.cog.push_id`, pushes it and prints its digest; a model ref
// from COG_MODEL* alone pushes a bundle (image + OCI index), and bad refs fail before a build.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers, imageLabels } from './lib/docker-checks.ts';
import { copyExample, removeImages, type TempProject } from './lib/project.ts';

const registry = process.env.COG_TEST_REGISTRY ?? '127.0.0.1:5100';
const repository = `${registry}/cog-it/push-${process.pid}`;
const target = `${repository}:v1`;
// A model ref from the environment alone (no `model:` in cog.yaml) pushes a bundle.
const envRepo = `cog-it/envref-${process.pid}`;
const envRef = `${registry}/${envRepo}:v2`;
let project: TempProject;
let registryUp = false;
let pushedDigest: string | undefined;
const bundleDigests: string[] = [];

before(async () => {
  registryUp = await fetch(`http://${registry}/v2/`).then(
    (r) => r.ok,
    () => false,
  );
  project = await copyExample('hello-world');
});
after(async () => {
  // Leave the shared test registry as it was.
  if (pushedDigest !== undefined) {
    await fetch(`http://${registry}/v2/cog-it/push-${process.pid}/manifests/${pushedDigest}`, {
      method: 'DELETE',
    });
  }
  for (const digest of bundleDigests)
    await fetch(`http://${registry}/v2/${envRepo}/manifests/${digest}`, { method: 'DELETE' });
  await project.dispose(target, envRef);
  await assertNoLeftoverContainers();
});

test('push builds, labels and uploads the image', async (t) => {
  if (!registryUp)
    return t.skip(`no registry at ${registry} (integration-tests/registry.sh start)`);
  const result = await cog(['push', target], { cwd: project.dir });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.match(result.stderr, new RegExp(`Pushing to ${target}\\.\\.\\.`));
  const digest = new RegExp(`  image  ${repository}@(sha256:[0-9a-f]{64})`).exec(
    result.stderr,
  )?.[1];
  assert.ok(digest !== undefined, result.stderr);
  pushedDigest = digest;
  const tags = (await (
    await fetch(`http://${registry}/v2/cog-it/push-${process.pid}/tags/list`)
  ).json()) as { tags: string[] };
  assert.deepEqual(tags.tags, ['v1']);
  const manifest = await fetch(`http://${registry}/v2/cog-it/push-${process.pid}/manifests/v1`, {
    method: 'HEAD',
    headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
  });
  assert.equal(manifest.headers.get('docker-content-digest'), digest);
  const labels = await imageLabels(target);
  assert.match(
    labels['run.cog.push_id'] ?? '',
    /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  assert.equal(labels['run.cog.has_init'], 'true');
});

test('push without a target explains how to name one', async () => {
  const result = await cog(['push'], { cwd: project.dir });
  assert.equal(result.exitCode, 1);
  assert.match(
    result.stderr,
    /To push images, you must either set the 'image' option in cog.yaml or pass an image name as an argument/,
  );
});

test('an unreachable registry is one clear error', async () => {
  const result = await cog(['push', '127.0.0.1:1/nope/model'], { cwd: project.dir });
  assert.equal(result.exitCode, 1);
  assert.match(result.stderr, /error during image push: .*connection refused/);
  await removeImages(['127.0.0.1:1/nope/model']);
});

test('COG_MODEL alone makes a bundle: the image at cog-image.<tag>, an index at <tag>', async (t) => {
  if (!registryUp)
    return t.skip(`no registry at ${registry} (integration-tests/registry.sh start)`);
  const result = await cog(['push'], { cwd: project.dir, env: { COG_MODEL: envRef } });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.match(result.stderr, new RegExp(`Pushing to ${envRef}\\.\\.\\.`));
  const repo = `${registry}/${envRepo}`;
  const tree = new RegExp(
    `  model   ${repo}@(sha256:[0-9a-f]{64})\\n  └─ image   ${repo}@(sha256:[0-9a-f]{64})\\n`,
  ).exec(result.stderr);
  assert.ok(tree, result.stderr);
  bundleDigests.push(tree[1] ?? '', tree[2] ?? '');
  const response = await fetch(`http://${registry}/v2/${envRepo}/manifests/v2`, {
    headers: { accept: 'application/vnd.oci.image.index.v1+json' },
  });
  assert.equal(response.headers.get('docker-content-digest'), tree[1]);
  const index = (await response.json()) as {
    mediaType: string;
    manifests: Array<{ digest: string; platform: { os: string; architecture: string } }>;
  };
  assert.equal(index.mediaType, 'application/vnd.oci.image.index.v1+json');
  assert.deepEqual(
    index.manifests.map((m) => [m.digest, m.platform.os, m.platform.architecture]),
    [[tree[2], 'linux', 'amd64']],
  );
  const tags = (await (await fetch(`http://${registry}/v2/${envRepo}/tags/list`)).json()) as {
    tags: string[];
  };
  assert.deepEqual(tags.tags.sort(), ['cog-image.v2', 'v2']);
});

test('model refs from the environment: bad ones fail before anything is built', async () => {
  const rows: Array<[Record<string, string>, string[], RegExp]> = [
    [
      { COG_MODEL: `${registry}/cog-it/x@sha256:${'a'.repeat(64)}` },
      [],
      /cannot push to digest-pinned ref "127\.0\.0\.1:\d+\/cog-it\/x@sha256:a{64}": model push requires a tag/,
    ],
    [
      { COG_MODEL: envRef },
      ['other/image'],
      /positional image argument not supported with 'model' config\n {2}use COG_MODEL to override the full reference\n {2}use COG_MODEL_TAG to override just the tag/,
    ],
    [
      { COG_MODEL_REPO: 'cog-it/x', COG_MODEL_TAG: 'cog-nope' },
      [],
      /invalid COG_MODEL_TAG "cog-nope": "cog-" is a reserved prefix — choose a different tag/,
    ],
    [
      { COG_MODEL_REPO: 'cog-it/x', COG_MODEL_REGISTRY: 'a/b' },
      [],
      /invalid COG_MODEL_REGISTRY "a\/b": must be a bare host \(no path, tag, or digest\)/,
    ],
  ];
  for (const [env, args, message] of rows) {
    const result = await cog(['push', ...args], { cwd: project.dir, env });
    assert.equal(result.exitCode, 1, result.stderr);
    assert.match(result.stderr, message);
    assert.doesNotMatch(result.stderr, /Building Docker image/);
  }
});

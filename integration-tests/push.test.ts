// `cog push IMAGE` to the local test registry (integration-tests/registry.sh): the image is
// built with its labels plus `run.cog.push_id`, pushed, and its digest printed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers, imageLabels } from './lib/docker-checks.ts';
import { copyExample, removeImages, type TempProject } from './lib/project.ts';

const registry = process.env.COG_TEST_REGISTRY ?? '127.0.0.1:5100';
const repository = `${registry}/cog-it/push-${process.pid}`;
const target = `${repository}:v1`;
let project: TempProject;
let registryUp = false;
let pushedDigest: string | undefined;

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
  await project.dispose(target);
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

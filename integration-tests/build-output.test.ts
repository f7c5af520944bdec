// What `cog build` prints when nobody watches a terminal (CI, a log file): a cached build is a
// few lines, `--progress quiet` prints no blank lines, and `--json` (build and push) puts the
// result on stdout as one JSON object.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import { copyExample, type TempProject } from './lib/project.ts';

const registry = process.env.COG_TEST_REGISTRY ?? '127.0.0.1:5100';
const image = 'cog-it-build-output';
const pushTarget = `${registry}/cog-it/build-output-${process.pid}:latest`;
let project: TempProject;
let pushedDigest: string | undefined;

before(async () => {
  project = await copyExample('hello-world');
  const first = await cog(['build', '-t', image], { cwd: project.dir });
  assert.equal(first.exitCode, 0, first.stderr);
});
after(async () => {
  if (pushedDigest !== undefined) {
    await fetch(
      `http://${registry}/v2/cog-it/build-output-${process.pid}/manifests/${pushedDigest}`,
      { method: 'DELETE' },
    ).catch(() => undefined);
  }
  await project.dispose(image, pushTarget);
  await assertNoLeftoverContainers();
});

test('a fully cached build piped to a file prints a few lines, no BuildKit log', async () => {
  const result = await cog(['build', '-t', image, '--progress', 'auto'], { cwd: project.dir });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.deepEqual(result.stderr.trimEnd().split('\n'), [
    `Building Docker image from environment in cog.yaml as ${image}...`,
    'Adding labels to image...',
    `Image built as ${image}`,
  ]);
});

test('--progress quiet prints no blank lines', async () => {
  const result = await cog(['build', '-t', image, '--progress', 'quiet'], { cwd: project.dir });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.doesNotMatch(result.stderr, /\n\n/);
  assert.doesNotMatch(result.stderr, /^#\d+ /m);
});

test('cog build --json prints the image, its ID and the schema on stdout', async () => {
  const result = await cog(['build', '-t', image, '--json'], { cwd: project.dir });
  assert.equal(result.exitCode, 0, result.stderr);
  const json = JSON.parse(result.stdout) as {
    image: string;
    id: string;
    schema: { components: { schemas: { Input: { properties: Record<string, unknown> } } } };
  };
  assert.equal(json.image, image);
  assert.match(json.id, /^sha256:[0-9a-f]{64}$/);
  assert.ok('text' in json.schema.components.schemas.Input.properties);
});

test('cog push --json prints the pushed digest', async (t) => {
  const up = await fetch(`http://${registry}/v2/`).then(
    (r) => r.ok,
    () => false,
  );
  if (!up) return t.skip(`no registry at ${registry}`);
  const result = await cog(['push', pushTarget, '--json'], { cwd: project.dir });
  assert.equal(result.exitCode, 0, result.stderr);
  const json = JSON.parse(result.stdout) as { image: string; digest: string; reference: string };
  assert.equal(json.image, pushTarget);
  assert.match(json.digest, /^sha256:[0-9a-f]{64}$/);
  assert.equal(json.reference, `${registry}/cog-it/build-output-${process.pid}@${json.digest}`);
  pushedDigest = json.digest;
});

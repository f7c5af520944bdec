// `cog build` of examples/hello-world: the image carries the labels of build.md §6.6, runs
// with `cog run IMAGE`, and input errors stop before any container starts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cog, repoRoot } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers, imageLabels } from './lib/docker-checks.ts';
import { copyExample, removeImages, type TempProject } from './lib/project.ts';

const image = `cog-it-build-labels:${process.pid}`;
let project: TempProject;

before(async () => {
  project = await copyExample('hello-world');
});
after(async () => {
  await project.dispose(image);
  await assertNoLeftoverContainers();
});

test('cog build -t labels the image', async () => {
  const result = await cog(['build', '-t', image], { cwd: project.dir });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.match(
    result.stderr,
    new RegExp(`Building Docker image from environment in cog.yaml as ${image}\\.\\.\\.`),
  );
  assert.match(result.stderr, /Adding labels to image\.\.\./);
  assert.match(result.stderr, new RegExp(`Image built as ${image}`));
  const labels = await imageLabels(image);
  const version = (
    JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }
  ).version;
  assert.equal(labels['run.cog.version'], version);
  assert.equal(labels['run.cog.has_init'], 'true');
  assert.equal(
    labels['run.cog.config'],
    '{"build":{"python_version":"3.11","python_requirements":"requirements.txt"},"predict":"run.py:Runner"}',
  );
  const schema = JSON.parse(labels['run.cog.openapi_schema'] ?? '') as {
    components: { schemas: { Input: { properties: Record<string, unknown> } } };
  };
  assert.ok('text' in schema.components.schemas.Input.properties, 'schema has the runner input');
  assert.match(labels['run.cog.pip_freeze'] ?? '', /^cog[ =@]/m);
  // The SDK brings the original cog package's dependencies; the label lists what is installed.
  for (const dependency of ['requests', 'PyYAML', 'structlog', 'typing_extensions'])
    assert.match(labels['run.cog.pip_freeze'] ?? '', new RegExp(`^${dependency}==`, 'mi'));
  await assertNoLeftoverContainers();
});

test('--openapi-schema puts that file in the label verbatim', async () => {
  const schemaFile = path.join(project.dir, 'my-schema.json');
  const labels = await imageLabels(image);
  const text = `${JSON.stringify(JSON.parse(labels['run.cog.openapi_schema'] ?? '{}'), null, 4)}\n`;
  writeFileSync(schemaFile, text);
  const result = await cog(['build', '-t', image, '--openapi-schema', 'my-schema.json'], {
    cwd: project.dir,
  });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.match(result.stderr, /Validating model schema from my-schema.json\.\.\./);
  assert.equal((await imageLabels(image))['run.cog.openapi_schema'], text);
});

test('--dockerfile builds the given Dockerfile and labels it', async () => {
  const custom = `${image}-custom`;
  writeFileSync(
    path.join(project.dir, 'Custom.Dockerfile'),
    `FROM ${image}\nRUN echo custom > /custom-marker\nCOPY . /src\n`,
  );
  try {
    const result = await cog(['build', '--dockerfile', 'Custom.Dockerfile', '-t', custom], {
      cwd: project.dir,
    });
    assert.equal(result.exitCode, 0, result.stderr);
    const labels = await imageLabels(custom);
    assert.match(labels['run.cog.openapi_schema'] ?? '', /"Input"/);
    assert.equal(labels['run.cog.has_init'], 'true');
    const missing = await cog(['build', '--dockerfile', 'Nope.Dockerfile', '-t', custom], {
      cwd: project.dir,
    });
    assert.equal(missing.exitCode, 1);
    assert.match(
      missing.stderr,
      /image build failed: Failed to read Dockerfile at .*Nope.Dockerfile/,
    );
  } finally {
    await removeImages([custom]);
  }
});

test('cog run IMAGE predicts without a project', async () => {
  const result = await cog(['run', image, '-i', 'text=world'], { cwd: repoRoot });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(result.stdout, 'hello world\n');
  assert.doesNotMatch(result.stderr, /deprecated/);
  await assertNoLeftoverContainers();
});

test('cog run IMAGE validates inputs before starting a container', async () => {
  const result = await cog(['run', image, '-i', 'nope=1'], { cwd: repoRoot });
  assert.equal(result.exitCode, 1);
  assert.match(result.stderr, /unknown input "nope"; valid inputs are: text/);
  assert.doesNotMatch(result.stderr, /Starting Docker image and running setup/);
});

test('an image without a schema label is validated against the running server', async () => {
  const bare = `${image}-noschema`;
  try {
    const build = await cog(['build', '-t', bare, '--skip-schema-validation'], {
      cwd: project.dir,
    });
    assert.equal(build.exitCode, 0, build.stderr);
    assert.equal((await imageLabels(bare))['run.cog.openapi_schema'], '');
    const bad = await cog(['run', bare, '-i', 'nope=1'], { cwd: repoRoot });
    assert.equal(bad.exitCode, 1);
    assert.match(bad.stderr, /Starting Docker image and running setup/);
    assert.match(bad.stderr, /unknown input "nope"; valid inputs are: text/);
    const good = await cog(['run', bare, '-i', 'text=late'], { cwd: repoRoot });
    assert.equal(good.exitCode, 0, good.stderr);
    assert.equal(good.stdout, 'hello late\n');
  } finally {
    await removeImages([bare]);
  }
  await assertNoLeftoverContainers();
});

test('cog run with an = in the image name hints at -i', async () => {
  const result = await cog(['run', 'text=world'], { cwd: repoRoot });
  assert.equal(result.exitCode, 1);
  assert.match(result.stderr, /Invalid image name 'text=world'. Did you forget `-i`\?/);
});

test('cog predict is a deprecated alias', async () => {
  const result = await cog(['predict', image, '-i', 'text=alias'], { cwd: repoRoot });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.match(result.stderr, /"cog predict" is deprecated, use "cog run"/);
  assert.equal(result.stdout, 'hello alias\n');
  await assertNoLeftoverContainers();
});

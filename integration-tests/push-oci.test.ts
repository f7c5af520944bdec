// `COG_PUSH_OCI=1 cog push`: the image exported from the daemon and pushed through our OCI
// client (chunked uploads forced by small COG_PUSH_* sizes) to a `docker-registry` of this test
// on 127.0.0.1:5114; then the local image is removed, pulled back from the registry by the
// daemon and run. A file of random bytes in the project makes one layer that exists nowhere
// else, so the pull must really fetch and unpack a layer we gzipped.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { cog } from './lib/cog-cli.ts';
import { cogMeasured } from './lib/cog-measured.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import { copyExample, type TempProject } from './lib/project.ts';
import { hasRegistryTools, startRegistry, type LocalRegistry } from './lib/local-registry.ts';

const MiB = 1024 * 1024;
let registry: LocalRegistry | undefined;
let project: TempProject | undefined;
let skip: string | false = false;

before(async () => {
  if (!hasRegistryTools()) {
    skip = 'needs docker-registry (integration-tests/setup.sh)';
    return;
  }
  registry = await startRegistry(process.env.COG_TEST_OCI_REGISTRY ?? '127.0.0.1:5114', undefined, {
    logRequests: true,
  });
  project = await copyExample('hello-world');
});

after(async () => {
  await project?.dispose(...(registry === undefined ? [] : [`${registry.host}/cog-it/oci:v1`]));
  await registry?.stop();
});

const scratchDirs = (): string[] =>
  readdirSync(os.tmpdir()).filter((name) => name.startsWith('cog-oci-push-'));

test('COG_PUSH_OCI: pushed through the OCI client, chunked; pulls back and runs', async (t) => {
  if (skip || registry === undefined || project === undefined) return t.skip(skip || 'no registry');
  // 160 MiB of noise: a layer above the 128 MiB threshold that gzip cannot shrink, so holding
  // the image in memory would show in the CLI's peak RSS.
  const unique = Buffer.concat(Array.from({ length: 10 }, () => randomBytes(16 * MiB)));
  await writeFile(path.join(project.dir, 'unique.bin'), unique);
  const repository = `${registry.host}/cog-it/oci`;
  const target = `${repository}:v1`;
  const scratchBefore = scratchDirs();

  const started = Date.now();
  const pushed = await cogMeasured(project.dir, ['push', target], {
    BUILDKIT_PROGRESS: 'quiet',
    COG_PUSH_OCI: '1',
    // Chunks of 32 MiB for every layer above 16 MiB.
    COG_PUSH_MULTIPART_THRESHOLD: String(16 * MiB),
    COG_PUSH_DEFAULT_CHUNK_SIZE: String(32 * MiB),
  });
  const seconds = (Date.now() - started) / 1000;
  assert.equal(pushed.exitCode, 0, pushed.stderr);
  assert.match(
    pushed.stderr,
    new RegExp(
      `Pushing to ${target}\\.\\.\\.\\nExporting image from Docker daemon\\.\\.\\.\\nPushing layers\\.\\.\\.\\n`,
    ),
  );
  assert.doesNotMatch(pushed.stderr, /falling back to Docker push/);
  assert.match(pushed.stderr, /\n[0-9a-f]{12}: Pushed\n/);
  // Printed as the daemon push prints it.
  const digest = new RegExp(`\\n\\n  image  ${repository}@(sha256:[0-9a-f]{64})(\\n|$)`).exec(
    pushed.stderr,
  )?.[1];
  assert.ok(digest !== undefined, pushed.stderr);
  assert.deepEqual(scratchDirs(), scratchBefore, 'the exported image is removed');

  const head = await fetch(`http://${registry.host}/v2/cog-it/oci/manifests/v1`, {
    headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' },
  });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('docker-content-digest'), digest);
  const manifest = (await head.json()) as {
    mediaType: string;
    config: { digest: string };
    layers: Array<{ mediaType: string; size: number }>;
  };
  assert.equal(manifest.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
  assert.ok(
    manifest.layers.every(
      (l) => l.mediaType === 'application/vnd.docker.image.rootfs.diff.tar.gzip',
    ),
  );
  // Layers above the threshold went up in chunks: more PATCHes than layers.
  const patches = registry
    .log()
    .split('\n')
    .filter((l) => l.includes('"PATCH /v2/cog-it/oci/blobs/uploads/')).length;
  assert.ok(
    patches > manifest.layers.length,
    `${patches} PATCHes for ${manifest.layers.length} layers`,
  );
  const bytes = manifest.layers.reduce((sum, l) => sum + l.size, 0);
  t.diagnostic(
    `build+push ${seconds.toFixed(1)} s, ${manifest.layers.length} layers, ${(bytes / MiB).toFixed(0)} MiB gzipped, ${patches} PATCHes, peak RSS ${pushed.peakRssMiB.toFixed(0)} MiB`,
  );
  // Streamed: the 160 MiB layer never sits in memory whole.
  assert.ok(pushed.peakRssMiB < 230, `peak RSS ${pushed.peakRssMiB} MiB`);

  // The config blob is the daemon's own: the image id survives the round trip.
  const id = (await execa('docker', ['image', 'inspect', '--format', '{{.Id}}', target])).stdout;
  assert.equal(manifest.config.digest, id);
  await execa('docker', ['rmi', target]);
  const pulled = await execa('docker', ['pull', target], { reject: false });
  assert.equal(pulled.exitCode, 0, String(pulled.stderr));
  assert.match(String(pulled.stdout), /Download complete|Pull complete/);
  assert.equal(
    (await execa('docker', ['image', 'inspect', '--format', '{{.Id}}', target])).stdout,
    id,
  );

  const sum = await execa('docker', [
    'run',
    '--rm',
    '--entrypoint',
    'sha256sum',
    target,
    '/src/unique.bin',
  ]);
  assert.equal(String(sum.stdout).split(' ')[0], createHash('sha256').update(unique).digest('hex'));
  const predicted = await cog(['predict', target, '-i', 'text=oci'], { cwd: project.dir });
  assert.equal(predicted.exitCode, 0, predicted.stderr);
  assert.equal(predicted.stdout.trim(), 'hello oci');
  assert.ok(!existsSync(path.join(project.dir, '.cog', 'build')));
  await assertNoLeftoverContainers();
});

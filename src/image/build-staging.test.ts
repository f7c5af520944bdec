// The runtime tree of an image: which of this CLI's dist/ files go where (coglet.mjs with its
// swagger-ui/, and for TypeScript runners the worker and cog-sdk), and the fixed metadata they
// are staged with.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import type { CogConfig } from '../config/config-types.ts';
import { memoryReader, planBuild } from '../dockerfile/index.ts';
import { CleanupStack } from './cleanup-stack.ts';
import {
  createStagingDir,
  findRuntimeArtefacts,
  RUNTIME_MTIME,
  runtimeTree,
  stageRuntimeTree,
} from './build-staging.ts';

const temp = mkdtempSync(path.join(os.tmpdir(), 'cog-build-staging-'));
after(() => rmSync(temp, { recursive: true, force: true }));

const SWAGGER = ['swagger-ui-bundle.js.gz', 'swagger-ui.css.gz'];

/** A dist/ as `npm run build` leaves it, with `omit` left out. */
function fakeDist(name: string, omit: string[] = []): string {
  const dist = path.join(temp, name);
  const files = [
    'coglet.mjs',
    'cog-0.22.0-py3-none-any.whl',
    'coglet-worker.mjs',
    'cog-sdk/package.json',
    'cog-sdk/index.js',
    'cog-sdk/index.d.ts',
    ...SWAGGER.map((f) => `swagger-ui/${f}`),
  ];
  for (const file of files.filter((f) => !omit.some((o) => f.startsWith(o)))) {
    mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
    writeFileSync(path.join(dist, file), file);
  }
  return dist;
}

const plan = (config: CogConfig) =>
  planBuild({
    config,
    projectDir: '/p',
    sdkWheel: { fileName: 'cog-0.22.0-py3-none-any.whl', version: '0.22.0' },
    reader: memoryReader({}),
  });

test('the Swagger UI files beside coglet.mjs are part of the runtime artefacts', () => {
  const dist = fakeDist('found');
  const artefacts = findRuntimeArtefacts({ COG_DIST_DIR: dist }, temp);
  assert.equal(artefacts.coglet, path.join(dist, 'coglet.mjs'));
  assert.deepEqual(
    artefacts.swaggerUiFiles,
    SWAGGER.map((name) => ({ name, path: path.join(dist, 'swagger-ui', name) })),
  );
});

test('a dist/ without swagger-ui/ (built before it existed) is an error, not a blank /docs', () => {
  const dist = fakeDist('no-swagger', ['swagger-ui/']);
  assert.throws(() => findRuntimeArtefacts({ COG_DIST_DIR: dist }, temp), {
    code: 'RUNTIME_MISSING',
    message: `cannot find the Swagger UI files (${path.join(dist, 'swagger-ui')}/*.gz)`,
  });
});

test('a Python model: coglet.mjs and swagger-ui/ in /usr/local/lib/cog', () => {
  const dist = fakeDist('python', ['coglet-worker.mjs', 'cog-sdk/']);
  const artefacts = findRuntimeArtefacts({ COG_DIST_DIR: dist }, temp);
  const tree = runtimeTree(
    plan({ build: { python_version: '3.12' }, predict: 'run.py:R' }),
    artefacts,
  );
  assert.deepEqual(tree, [
    { imagePath: '/usr/local/lib/cog/coglet.mjs', copyFrom: path.join(dist, 'coglet.mjs') },
    ...SWAGGER.map((name) => ({
      imagePath: `/usr/local/lib/cog/swagger-ui/${name}`,
      copyFrom: path.join(dist, 'swagger-ui', name),
    })),
  ]);
});

test('a TypeScript model: also the worker, and cog-sdk unless the Node base copies it later', () => {
  const dist = fakeDist('node');
  const artefacts = findRuntimeArtefacts({ COG_DIST_DIR: dist }, temp);
  const paths = (config: CogConfig) => runtimeTree(plan(config), artefacts).map((f) => f.imagePath);
  const lib = '/usr/local/lib/cog';
  const swagger = SWAGGER.map((name) => `${lib}/swagger-ui/${name}`);
  assert.deepEqual(paths({ build: { python_version: '3.12' }, predict: 'run.ts:R' }), [
    `${lib}/coglet.mjs`,
    ...swagger,
    `${lib}/coglet-worker.mjs`,
    '/node_modules/cog-sdk/package.json',
    '/node_modules/cog-sdk/index.js',
    '/node_modules/cog-sdk/index.d.ts',
  ]);
  assert.deepEqual(paths({ predict: 'run.ts:R' }), [
    `${lib}/coglet.mjs`,
    ...swagger,
    `${lib}/coglet-worker.mjs`,
  ]);
});

test('staged, every file and directory of the tree has a fixed mode and mtime', async () => {
  const dist = fakeDist('staged', ['coglet-worker.mjs', 'cog-sdk/']);
  const artefacts = findRuntimeArtefacts({ COG_DIST_DIR: dist }, temp);
  const project = path.join(temp, 'project');
  mkdirSync(project);
  const stack = new CleanupStack();
  const staging = await createStagingDir(project, stack);
  const config: CogConfig = { build: { python_version: '3.12' }, predict: 'run.py:R' };
  await stageRuntimeTree(staging, 'runtime', runtimeTree(plan(config), artefacts));
  const root = path.join(staging.dir, 'runtime');
  const entries = (await readdir(root, { recursive: true })).sort();
  assert.deepEqual(entries, [
    'usr',
    'usr/local',
    'usr/local/lib',
    'usr/local/lib/cog',
    'usr/local/lib/cog/coglet.mjs',
    'usr/local/lib/cog/swagger-ui',
    ...SWAGGER.map((name) => `usr/local/lib/cog/swagger-ui/${name}`),
  ]);
  for (const entry of ['', ...entries]) {
    const stat = statSync(path.join(root, entry));
    assert.equal(stat.mode & 0o777, stat.isDirectory() ? 0o755 : 0o644, entry);
    assert.equal(stat.mtimeMs, RUNTIME_MTIME * 1000, entry);
  }
  await stack.dispose();
});

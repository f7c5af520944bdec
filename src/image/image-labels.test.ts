import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { imageLabels, readGitInfo } from './image-labels.ts';

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

test('imageLabels: names and optional groups', () => {
  const base = {
    cogVersion: '0.22.0',
    configJson: '{"build":{}}',
    schemaJson: '{}',
    pipFreeze: 'cog==0.22.0\n',
    git: {},
  };
  assert.deepEqual(imageLabels(base), {
    'run.cog.version': '0.22.0',
    'run.cog.config': '{"build":{}}',
    'run.cog.openapi_schema': '{}',
    'run.cog.pip_freeze': 'cog==0.22.0\n',
    'run.cog.has_init': 'true',
  });
  const full = imageLabels({
    ...base,
    git: { revision: 'abc', version: 'v0.0.1+walrus' },
    cogBase: { name: 'r8.im/cog-base:python3.12', lastLayerSha: 'sha256:1', lastLayerIndex: 4 },
    extra: { 'run.cog.version': 'override', 'run.cog.push_id': 'x' },
  });
  assert.equal(full['org.opencontainers.image.revision'], 'abc');
  assert.equal(full['org.opencontainers.image.version'], 'v0.0.1+walrus');
  assert.equal(full['run.cog.cog-base-image-last-layer-idx'], '4');
  assert.equal(full['run.cog.version'], 'override');
  assert.equal(full['run.cog.push_id'], 'x');
});

test('readGitInfo: CI variables win, no repository gives nothing', async () => {
  const dir = tempDir('cog-git-');
  assert.deepEqual(await readGitInfo(dir, { GITHUB_SHA: 's', GITHUB_REF_NAME: 'v1' }), {
    revision: 's',
    version: 'v1',
  });
  assert.deepEqual(await readGitInfo(dir, { GIT_CEILING_DIRECTORIES: path.dirname(dir) }), {});
});

import type { OpenApiDocument } from '../contracts/openapi-document.ts';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/index.ts';
import { ProjectSchema } from './project-schema.ts';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A project whose schema cannot be read statically (a TypeScript predictor): only the cache helps. */
function project(yaml: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cog-project-schema-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'cog.yaml'), yaml);
  writeFileSync(path.join(dir, 'helper.py'), 'X = 1\n');
  return dir;
}

const doc: OpenApiDocument = {
  components: { schemas: { Input: { type: 'object', properties: { a: { type: 'string' } } } } },
};

const schemaOf = (dir: string, mode: 'predict' | 'train'): ProjectSchema =>
  new ProjectSchema({
    project: loadConfig({ cwd: dir, file: 'cog.yaml' }),
    mode,
    env: {},
    cogVersion: '0.22.0',
  });

test('the built schema is found again before the next build, until a source changes', async () => {
  const dir = project('build:\n  node_version: "22"\nrun: "predict.ts:Predictor"\n');
  const first = schemaOf(dir, 'predict');
  assert.equal(await first.beforeBuild(), undefined);
  await first.remember(doc);
  assert.deepEqual(await schemaOf(dir, 'predict').beforeBuild(), doc);
  writeFileSync(path.join(dir, 'helper.py'), 'X = 2\n');
  assert.equal(await schemaOf(dir, 'predict').beforeBuild(), undefined);
});

test('a training-only document is not cached when the model also predicts', async () => {
  const dir = project(
    'build:\n  node_version: "22"\nrun: "predict.ts:Predictor"\ntrain: "train.ts:train"\n',
  );
  const training = schemaOf(dir, 'train');
  assert.equal(await training.beforeBuild(), undefined);
  await training.remember(doc);
  assert.equal(await schemaOf(dir, 'predict').beforeBuild(), undefined);
});

test('COG_OPENAPI_SCHEMA names the document outright', async () => {
  const dir = project('build:\n  node_version: "22"\nrun: "predict.ts:Predictor"\n');
  writeFileSync(path.join(dir, 'schema.json'), JSON.stringify(doc));
  const schema = new ProjectSchema({
    project: loadConfig({ cwd: dir, file: 'cog.yaml' }),
    mode: 'predict',
    env: { COG_OPENAPI_SCHEMA: 'schema.json' },
    cogVersion: '0.22.0',
  });
  assert.deepEqual(await schema.beforeBuild(), doc);
});

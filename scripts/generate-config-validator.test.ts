// The precompiled cog.yaml validator is exactly what the generator makes of the current schema,
// and it judges documents as ajv compiling the schema at run time does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import { cogYamlSchema } from '../src/config/cog-yaml-schema.ts';
import { validate as generated } from '../src/config/cog-yaml-validator.generated.ts';
import {
  ajvOptions,
  generateConfigValidatorSource,
  validatorFile,
} from './generate-config-validator.ts';

test('src/config/cog-yaml-validator.generated.ts is up to date with cog-yaml-schema.ts', async () => {
  assert.equal(
    readFileSync(validatorFile, 'utf8'),
    await generateConfigValidatorSource(),
    'stale: run node scripts/generate-config-validator.ts',
  );
});

test('the generated validator reports what run-time ajv reports', () => {
  const compiled = new Ajv(ajvOptions).compile(cogYamlSchema);
  const documents: unknown[] = [
    {},
    { build: { python_version: '3.12', gpu: true }, run: 'run.py:Runner' },
    { build: { gpu: 'yes' } },
    { build: { python_version: 3.12, python_packages: 'torch' }, run: 1, predict: 'p.py:P' },
    { build: { python_version: '3.12', run: [{ command: 'x', mounts: [{ type: 'cache' }] }] } },
    { concurrency: { max: 'many' }, unknown_field: true },
    [],
  ];
  const errorsOf = (validate: typeof compiled, doc: unknown) => {
    const ok = validate(doc);
    return { ok, errors: validate.errors ?? [] };
  };
  for (const doc of documents) {
    assert.deepEqual(
      errorsOf(generated as unknown as typeof compiled, doc),
      errorsOf(compiled, doc),
      JSON.stringify(doc),
    );
  }
  assert.equal(errorsOf(compiled, documents[2]).ok, false);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FIELD_DESCRIPTIONS, fieldRows, renderCogYamlReference } from './cog-yaml-reference.ts';

test('every schema field has a description, and every description a field', () => {
  const fields = fieldRows().map((r) => r.field);
  assert.deepEqual(
    fields.filter((f) => FIELD_DESCRIPTIONS[f] === undefined),
    [],
    'fields without a description',
  );
  assert.deepEqual(
    Object.keys(FIELD_DESCRIPTIONS).filter((f) => !fields.includes(f)),
    [],
    'descriptions of fields the schema does not have',
  );
  assert.ok(fields.includes('build.system_packages'));
  assert.ok(fieldRows().find((r) => r.field === 'build.python_version')?.required);
});

test('docs/user/cog-yaml.md is up to date (regenerate: node scripts/generate-cog-yaml-docs.ts)', () => {
  const committed = readFileSync(new URL('../../docs/user/cog-yaml.md', import.meta.url), 'utf8');
  assert.equal(committed, renderCogYamlReference());
});

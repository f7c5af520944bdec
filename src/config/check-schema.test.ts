// The schema layer: what counts as empty, field kinds from the schema, and message wording.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withoutEmptyValues } from './check-schema.ts';
import { fieldKind } from './cog-yaml-schema.ts';
import { parseConfig } from './parse-config.ts';

describe('withoutEmptyValues', () => {
  it('drops null, "" and [] properties but keeps list items and empty mappings', () => {
    assert.deepEqual(
      withoutEmptyValues({
        a: null,
        b: '',
        c: [],
        d: {},
        e: ['', null],
        f: { g: '', h: false, i: 0 },
      }),
      {
        d: {},
        e: ['', null],
        f: { h: false, i: 0 },
      },
    );
  });
});

describe('fieldKind', () => {
  const rows: Array<[Array<string | number>, string]> = [
    [['build', 'python_version'], 'string'],
    [['build', 'cuda'], 'string'],
    [['build', 'cudnn'], 'string'],
    [['build', 'sdk_version'], 'string'],
    [['build', 'gpu'], 'boolean'],
    [['build', 'system_packages', 3], 'string'],
    [['build', 'run', 0], 'other'],
    [['build', 'run', 0, 'command'], 'string'],
    [['build', 'run', 0, 'mounts', 0, 'id'], 'string'],
    [['concurrency', 'max'], 'other'],
    [['environment', 0], 'string'],
    [['weights', 0, 'name'], 'string'],
    [['weights', 0, 'source', 'uri'], 'string'],
    [['weights', 0, 'source', 2, 'uri'], 'string'],
    [['weights', 0, 'source', 0, 'include', 1], 'string'],
    [['image'], 'string'],
    [['unknown'], 'other'],
    [[], 'other'],
  ];
  for (const [path, kind] of rows)
    it(`${path.join('.') || '(root)'} → ${kind}`, () => assert.equal(fieldKind(path), kind));
});

describe('schema messages', () => {
  const first = (yaml: string) => {
    const result = parseConfig(yaml, 'cog.yaml');
    return result.ok ? undefined : result.errors[0]?.message;
  };
  it('type names are YAML words', () => {
    assert.equal(
      first('build: {python_version: "3.12", python_packages: {a: 1}}\n'),
      'schema error in "build.python_packages": must be a list',
    );
    assert.equal(
      first('build: {python_version: "3.12"}\nconcurrency: 3\n'),
      'schema error in "concurrency": must be a mapping',
    );
    assert.equal(
      first('build: {python_version: "3.12"}\nweights: [{name: a, target: /w, source: 3}]\n'),
      'schema error in "weights.0.source": must be a mapping or a list',
    );
  });
  it('one message per field; the type of a one-of field is named once', () => {
    const result = parseConfig(
      'build: {python_version: "3.12"}\nweights: [{name: a, target: /w, source: [{include: 1}]}]\n',
      'cog.yaml',
    );
    assert.ok(!result.ok);
    assert.deepEqual(
      result.errors.filter((e) => e.code === 'CONFIG_SCHEMA').map((e) => e.message),
      [
        'schema error in "weights.0.source.0": uri is required',
        'schema error in "weights.0.source.0.include": must be a list',
      ],
    );
  });
});

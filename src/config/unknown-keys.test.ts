import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from './parse-config.ts';
import { closestKey, findUnknownKeys } from './unknown-keys.ts';

test('unknown keys are found at every level the schema describes, with the closest known key', () => {
  const cases: Array<[unknown, Array<[string, string | undefined]>]> = [
    [
      { build: { python_version: '3.11', system_pacakges: ['git'] } },
      [['build.system_pacakges', 'build.system_packages']],
    ],
    [{ imgae: 'x' }, [['imgae', 'image']]],
    [{ tests: [] }, [['tests', undefined]]],
    [{ Build: {} }, [['Build', 'build']]],
    [{ concurrency: { max: 2, maxx: 3 } }, [['concurrency.maxx', 'concurrency.max']]],
    [
      { weights: [{ name: 'a', targte: '/x', source: { uri: 'u', includes: [] } }] },
      [
        ['weights[0].targte', 'weights[0].target'],
        ['weights[0].source.includes', 'weights[0].source.include'],
      ],
    ],
    [
      { weights: [{ source: [{ uri: 'u', exclud: [] }] }] },
      [['weights[0].source[0].exclud', 'weights[0].source[0].exclude']],
    ],
    [
      { build: { python_version: '3.11', run: ['echo', { command: 'x', mount: [] }] } },
      [['build.run[1].mount', 'build.run[1].mounts']],
    ],
    // Known keys only, and values that are not mappings, report nothing.
    [
      { build: { python_version: '3.11', gpu: true }, run: 'run.py:Runner', environment: ['A=b'] },
      [],
    ],
    [{ build: 'oops' }, []],
  ];
  for (const [value, expected] of cases) {
    assert.deepEqual(
      findUnknownKeys(value).map((u) => [u.field, u.suggestion]),
      expected,
      JSON.stringify(value),
    );
  }
});

test('closestKey only suggests what is close, scaled to the length', () => {
  assert.equal(closestKey('imgae', ['image', 'model']), 'image');
  assert.equal(closestKey('gpus', ['gpu', 'cuda']), 'gpu');
  assert.equal(closestKey('weights_dir', ['weights', 'image']), undefined);
  assert.equal(closestKey('zzz', ['run', 'train']), undefined);
});

test('parseConfig warns about an unknown key, with its position and a suggestion', () => {
  const result = parseConfig(
    'build:\n  python_version: "3.11"\n  system_pacakges:\n    - git\nimgae: foo\nrun: "run.py:Runner"\n',
    'cog.yaml',
  );
  assert.ok(result.ok);
  assert.deepEqual(
    result.warnings.map((w) => [w.code, w.message]),
    [
      [
        'CONFIG_UNKNOWN_KEY',
        'cog.yaml:3:3: unknown field "build.system_pacakges" is ignored; did you mean "build.system_packages"?',
      ],
      [
        'CONFIG_UNKNOWN_KEY',
        'cog.yaml:5:1: unknown field "imgae" is ignored; did you mean "image"?',
      ],
    ],
  );
});

test('a misspelt required key says what was found instead', () => {
  const result = parseConfig(
    'build:\n  python_versoin: "3.11"\nrun: "run.py:Runner"\n',
    'cog.yaml',
  );
  assert.equal(result.ok, false);
  assert.ok(!result.ok);
  assert.equal(
    result.errors[0]?.message,
    'schema error in "build": python_version is required (found "python_versoin": a typo?)',
  );
});

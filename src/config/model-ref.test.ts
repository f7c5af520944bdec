// Model references from cog.yaml `model:` and the COG_MODEL* variables (cli.md §11.3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatModelRef, resolveModelRef, timestampTag } from './model-ref.ts';

const NOW = new Date('2026-05-08T15:30:42.123Z');
const resolve = (config: { model?: string; image?: string }, env: NodeJS.ProcessEnv) =>
  resolveModelRef(config, env, 'r8.im', NOW);
const show = (config: { model?: string; image?: string }, env: NodeJS.ProcessEnv) => {
  const ref = resolve(config, env);
  return ref === undefined ? undefined : formatModelRef(ref);
};

test('timestamp tag is YYYYMMDDTHHMMSSZ in UTC', () => {
  assert.equal(timestampTag(NOW), '20260508T153042Z');
});

test('resolution table', () => {
  const rows: Array<[{ model?: string; image?: string }, NodeJS.ProcessEnv, string | undefined]> = [
    [{}, {}, undefined],
    [{ image: 'r8.im/a/b' }, {}, undefined],
    [{}, { COG_MODEL_REGISTRY: 'reg.example.com' }, undefined],
    [{}, { COG_MODEL_TAG: 'v1' }, undefined],
    [{ model: 'acme/m' }, {}, 'r8.im/acme/m:20260508T153042Z'],
    [{ model: '127.0.0.1:5110/acme/m' }, {}, '127.0.0.1:5110/acme/m:20260508T153042Z'],
    [{ model: 'localhost/acme/m' }, { COG_MODEL_TAG: 'v2' }, 'localhost/acme/m:v2'],
    [
      { model: 'reg.io/acme/m' },
      { COG_MODEL_REGISTRY: 'other.io:5000' },
      'other.io:5000/acme/m:20260508T153042Z',
    ],
    [{ model: 'reg.io/acme/m' }, { COG_MODEL_REPO: 'team/x' }, 'reg.io/team/x:20260508T153042Z'],
    [{}, { COG_MODEL_REPO: 'team/x', COG_MODEL_TAG: 'v3' }, 'r8.im/team/x:v3'],
    [
      {},
      { COG_MODEL_REPO: 'team/x', COG_MODEL_REGISTRY: '127.0.0.1:5000' },
      '127.0.0.1:5000/team/x:20260508T153042Z',
    ],
    [{}, { COG_MODEL: 'reg.io/acme/m:v9' }, 'reg.io/acme/m:v9'],
    [{}, { COG_MODEL: 'reg.io/acme/m' }, 'reg.io/acme/m:20260508T153042Z'],
    [{}, { COG_MODEL: 'acme/m' }, 'r8.im/acme/m:20260508T153042Z'],
    [
      { model: 'other.io/a/b' },
      { COG_MODEL: 'reg.io/acme/m:v9', COG_MODEL_REPO: 'ignored/x' },
      'reg.io/acme/m:v9',
    ],
    [
      {},
      { COG_MODEL: `reg.io/acme/m@sha256:${'a'.repeat(64)}` },
      `reg.io/acme/m@sha256:${'a'.repeat(64)}`,
    ],
    [{}, { COG_MODEL: '', COG_MODEL_REPO: '' }, undefined],
  ];
  for (const [config, env, want] of rows)
    assert.equal(show(config, env), want, `${JSON.stringify(config)} ${JSON.stringify(env)}`);
});

test('a digest-pinned COG_MODEL keeps its digest', () => {
  const ref = resolve({}, { COG_MODEL: `reg.io/acme/m@sha256:${'b'.repeat(64)}` });
  assert.equal(ref?.digest, `sha256:${'b'.repeat(64)}`);
  assert.equal(ref?.repository, 'acme/m');
});

test('errors', () => {
  const rows: Array<[{ model?: string; image?: string }, NodeJS.ProcessEnv, RegExp]> = [
    [
      { model: 'a/b' },
      { COG_MODEL_REGISTRY: 'reg.io/x' },
      /^invalid COG_MODEL_REGISTRY "reg\.io\/x": must be a bare host \(no path, tag, or digest\)$/,
    ],
    [{ model: 'a/b' }, { COG_MODEL_REGISTRY: 'reg.io@x' }, /^invalid COG_MODEL_REGISTRY/],
    [
      { model: 'a/b' },
      { COG_MODEL_REPO: 'a/b:v1' },
      /^invalid COG_MODEL_REPO "a\/b:v1": must be a bare repository path \(no host, tag, or digest\)$/,
    ],
    [
      { model: 'a/b' },
      { COG_MODEL_TAG: 'cog-x' },
      /^invalid COG_MODEL_TAG "cog-x": "cog-" is a reserved prefix — choose a different tag$/,
    ],
    [{ model: 'a/b' }, { COG_MODEL_TAG: '-bad' }, /^invalid COG_MODEL_TAG "-bad"/],
    [
      {},
      { COG_MODEL: 'acme/Name' },
      /^invalid COG_MODEL value: invalid reference format: repository name \(acme\/Name\) must be lowercase$/,
    ],
    [{}, { COG_MODEL: 'a/b:' }, /^invalid COG_MODEL value: invalid reference format$/],
    [{}, { COG_MODEL_REPO: 'UPPER/x' }, /^invalid model reference "r8\.im\/UPPER\/x"/],
    [
      { image: 'a/b' },
      { COG_MODEL: 'reg.io/a/b' },
      /^'image' in cog\.yaml cannot be combined with COG_MODEL\* env vars\n {2}remove 'image' from cog\.yaml \(use 'model' instead\), or\n {2}unset COG_MODEL, COG_MODEL_REGISTRY, COG_MODEL_REPO, COG_MODEL_TAG$/,
    ],
    [{ image: 'a/b' }, { COG_MODEL_REPO: 'x/y' }, /cannot be combined/],
  ];
  for (const [config, env, want] of rows)
    assert.throws(() => resolve(config, env), { message: want }, JSON.stringify(env));
});

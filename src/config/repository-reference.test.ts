// The Docker reference parser behind `model:` checks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRepositoryReference } from './repository-reference.ts';

describe('parseRepositoryReference', () => {
  const ok: Array<[string, string, string | undefined, string | undefined]> = [
    ['acme/model', 'docker.io/acme/model', undefined, undefined],
    ['model', 'docker.io/model', undefined, undefined],
    ['r8.im/acme/my-model', 'r8.im/acme/my-model', undefined, undefined],
    ['localhost:5000/m', 'localhost:5000/m', undefined, undefined],
    ['localhost/m', 'localhost/m', undefined, undefined],
    ['registry.example.com/a/b/c', 'registry.example.com/a/b/c', undefined, undefined],
    ['a__b/c.d-e', 'docker.io/a__b/c.d-e', undefined, undefined],
    // An upper-case first component is taken as a registry host (host names are case-insensitive).
    ['ACME/model', 'ACME/model', undefined, undefined],
    ['r/x:v1', 'docker.io/r/x', 'v1', undefined],
    ['r8.im:443/a/b:latest', 'r8.im:443/a/b', 'latest', undefined],
    [`a/b@sha256:${'0'.repeat(64)}`, 'docker.io/a/b', undefined, `sha256:${'0'.repeat(64)}`],
  ];
  for (const [ref, name, tag, digest] of ok) {
    it(`parses ${ref}`, () => {
      const parsed = parseRepositoryReference(ref);
      assert.ok(parsed.ok);
      assert.deepEqual([parsed.name, parsed.tag, parsed.digest], [name, tag, digest]);
    });
  }
  const bad: Array<[string, string]> = [
    ['acme/Model', 'invalid reference format: repository name (acme/Model) must be lowercase'],
    [
      'Registry.Example.Com/ACME/Model',
      'invalid reference format: repository name (ACME/Model) must be lowercase',
    ],
    ['a b', 'invalid reference format'],
    ['a/-b', 'invalid reference format'],
    ['a/b-', 'invalid reference format'],
    ['a//b', 'invalid reference format'],
    ['', 'repository name must have at least one component'],
    [
      'a'.repeat(64).replace(/a/g, 'f'),
      `invalid repository name (${'f'.repeat(64)}), cannot specify 64-byte hexadecimal strings`,
    ],
    [`x/${'a'.repeat(260)}`, 'repository name must not be more than 255 characters'],
  ];
  for (const [ref, error] of bad) {
    it(`rejects ${JSON.stringify(ref.slice(0, 40))}`, () =>
      assert.deepEqual(parseRepositoryReference(ref), { ok: false, error }));
  }
});

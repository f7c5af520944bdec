import { test } from 'node:test';
import assert from 'node:assert/strict';
import { provisionalImageName, splitImageName } from './provisional-image.ts';

test('image names split into repository and tag the way docker tag reads them', () => {
  const cases: Array<[string, { repo: string; tag: string }]> = [
    ['my-model', { repo: 'my-model', tag: 'latest' }],
    ['my-model:v1', { repo: 'my-model', tag: 'v1' }],
    ['localhost:5000/me/model', { repo: 'localhost:5000/me/model', tag: 'latest' }],
    ['localhost:5000/me/model:2024-01', { repo: 'localhost:5000/me/model', tag: '2024-01' }],
    ['r8.im/alice/bunny', { repo: 'r8.im/alice/bunny', tag: 'latest' }],
  ];
  for (const [name, expected] of cases) assert.deepEqual(splitImageName(name), expected, name);
});

test('provisional names are unique, valid references and never a user-looking name', () => {
  assert.equal(
    provisionalImageName(() => 'abc123'),
    'cog-provisional-abc123:build',
  );
  const a = provisionalImageName();
  const b = provisionalImageName();
  assert.notEqual(a, b);
  assert.match(a, /^cog-provisional-[0-9a-f]{16}:build$/);
});

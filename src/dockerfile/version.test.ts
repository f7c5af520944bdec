import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  compareVersions,
  cudaFromLocalSuffix,
  majorMinor,
  parseVersion,
  stripLocalSuffix,
  versionEqual,
  versionMatches,
} from './version.ts';

test('parseVersion reads major[.minor[.patch]][+meta] and rejects the rest', () => {
  assert.deepEqual(parseVersion('2.7.0+cu128'), { major: 2, minor: 7, patch: 0, meta: 'cu128' });
  assert.deepEqual(parseVersion('11.8'), { major: 11, minor: 8, patch: undefined, meta: '' });
  assert.deepEqual(parseVersion('3'), { major: 3, minor: undefined, patch: undefined, meta: '' });
  assert.equal(parseVersion('2.1.0rc1'), undefined);
  assert.equal(parseVersion(''), undefined);
  assert.equal(parseVersion('https://x/torch.whl'), undefined);
});

const matches: Array<[string, string, boolean]> = [
  ['2.3', '2.3.0', true],
  ['2.3', '2.3.1+cu118', true],
  ['11.8', '11.8.0', true],
  ['2.3.0', '2.3.1', false],
  ['2.3.1', '2.3.1+cpu', true],
  ['2.3', '2.4', false],
  ['12.8', '13.8', false],
  ['x', 'x', false],
];
for (const [a, b, expected] of matches) {
  test(`versionMatches(${a}, ${b}) = ${expected}`, () => {
    assert.equal(versionMatches(a, b), expected);
    assert.equal(versionMatches(b, a), expected, 'symmetric');
  });
}

test('versionEqual compares patch (missing = 0) and metadata', () => {
  assert.equal(versionEqual('2.3', '2.3.0'), true);
  assert.equal(versionEqual('2.3.1', '2.3.1+cu118'), false);
  assert.equal(versionEqual('1.13.1+cu117', '1.13.1+cu117'), true);
  assert.equal(versionEqual('2.3.1', '2.3.2'), false);
});

test('compareVersions orders numerically, not as strings', () => {
  assert.ok(compareVersions('2.10.0', '2.9.1') > 0);
  assert.ok(compareVersions('11.8', '12.1') < 0);
  assert.equal(compareVersions('11.8', '11.8.0'), 0);
  assert.equal(compareVersions('2.3.1+cpu', '2.3.1+cu118'), 0);
  assert.deepEqual(['12.8', '11.8', '12.10', '12.6'].sort(compareVersions), [
    '11.8',
    '12.6',
    '12.8',
    '12.10',
  ]);
});

test('helpers: stripLocalSuffix, majorMinor, cudaFromLocalSuffix', () => {
  assert.equal(stripLocalSuffix('2.7.0+cu128'), '2.7.0');
  assert.equal(stripLocalSuffix('2.7.0'), '2.7.0');
  assert.equal(majorMinor('11.8.0'), '11.8');
  assert.equal(majorMinor('3.12.1'), '3.12');
  assert.equal(majorMinor('3'), '3');
  assert.equal(cudaFromLocalSuffix('2.0.1+cu118'), '11.8');
  assert.equal(cudaFromLocalSuffix('2.9.0+cu130'), '13.0');
  assert.equal(cudaFromLocalSuffix('2.0.1+cpu'), undefined);
  assert.equal(cudaFromLocalSuffix('2.0.1'), undefined);
});

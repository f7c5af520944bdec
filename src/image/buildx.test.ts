import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildErrorLine, parseBuildkitVersion, supportsNamedContexts } from './buildx.ts';

test('parseBuildkitVersion', () => {
  assert.equal(
    parseBuildkitVersion('Name: default\nNodes:\nBuildKit version: v0.8+unknown\n'),
    '0.8',
  );
  assert.equal(parseBuildkitVersion(' Buildkit:  v0.12.5\n'), '0.12.5');
  assert.equal(parseBuildkitVersion('nothing here'), undefined);
});

test('supportsNamedContexts', () => {
  assert.equal(supportsNamedContexts('0.8'), false);
  assert.equal(supportsNamedContexts('0.10.0'), true);
  assert.equal(supportsNamedContexts('1.0'), true);
  assert.equal(supportsNamedContexts(undefined), false);
  assert.equal(supportsNamedContexts('0.0.0', '26.1.5'), true, 'unknown BuildKit on a new engine');
  assert.equal(
    supportsNamedContexts('0.0.0', '20.10.24'),
    false,
    'unknown BuildKit on an old engine',
  );
  assert.equal(supportsNamedContexts('0.8', '26.1.5'), false, 'a known BuildKit version wins');
});

test('buildErrorLine picks the last ERROR line', () => {
  const lines = [
    '#5 [2/3] RUN false',
    '#5 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1',
    '------',
    'ERROR: failed to solve: process did not complete',
  ];
  assert.equal(buildErrorLine(lines), 'failed to solve: process did not complete');
  assert.equal(buildErrorLine(['all good']), undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildErrorLine,
  buildxSupportsRawjson,
  parseBuildkitVersion,
  supportsNamedContexts,
  wantsProgressView,
} from './buildx.ts';

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

test('buildxSupportsRawjson: buildx 0.12 and later', () => {
  const rows: Array<[string, boolean]> = [
    ['github.com/docker/buildx 0.13.1+ds1 0.13.1+ds1-3', true],
    ['github.com/docker/buildx v0.12.0 542e5d8', true],
    ['github.com/docker/buildx v0.11.2 9872040', false],
    ['github.com/docker/buildx v1.0.0 abc', true],
    ['not a version', false],
  ];
  for (const [output, want] of rows) assert.equal(buildxSupportsRawjson(output), want, output);
});

test('wantsProgressView: tty and auto on a terminal only', () => {
  const rows: Array<[Parameters<typeof wantsProgressView>[0], boolean, boolean]> = [
    ['tty', true, true],
    ['auto', true, true],
    ['auto', false, false],
    ['tty', false, false],
    ['plain', true, false],
    ['quiet', true, false],
  ];
  for (const [mode, isTTY, want] of rows)
    assert.equal(wantsProgressView(mode, isTTY), want, `${mode} tty=${isTTY}`);
});

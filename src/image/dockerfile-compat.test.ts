import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  injectStage,
  stripCacheMounts,
  stripCopyLink,
  usesSecretMounts,
} from './dockerfile-compat.ts';

test('injectStage', () => {
  const rows: Array<[string, string, string]> = [
    [
      'plain',
      'FROM python:3.12-slim\nRUN x',
      'FROM cog-staging:1 AS cog_build\nFROM python:3.12-slim\nRUN x',
    ],
    [
      'after syntax line and global ARG',
      '#syntax=docker/dockerfile:1\nARG BASE=x\nFROM $BASE',
      '#syntax=docker/dockerfile:1\nARG BASE=x\nFROM cog-staging:1 AS cog_build\nFROM $BASE',
    ],
    [
      'weights stage first',
      'FROM w AS weights\nFROM base',
      'FROM cog-staging:1 AS cog_build\nFROM w AS weights\nFROM base',
    ],
  ];
  for (const [name, input, want] of rows)
    assert.equal(injectStage(input, 'cog_build', 'cog-staging:1'), want, name);
});

test('stripCopyLink', () => {
  assert.equal(
    stripCopyLink('COPY --from=weights --link /src/a /src/a'),
    'COPY --from=weights /src/a /src/a',
  );
  assert.equal(stripCopyLink('COPY --link=true a b'), 'COPY a b');
  assert.equal(stripCopyLink('RUN echo --link here'), 'RUN echo --link here');
});

test('stripCacheMounts and usesSecretMounts', () => {
  assert.equal(
    stripCacheMounts('RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update'),
    'RUN apt-get update',
  );
  assert.equal(usesSecretMounts('FROM x\nRUN --mount=type=secret,id=a,target=/a cat /a'), true);
  assert.equal(usesSecretMounts('RUN --mount=type=cache,target=/c true'), false);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bindMountsToCopies,
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

test('bindMountsToCopies: one COPY per mounted file and stage, before its first use', () => {
  const uv = '--mount=from=uv:1,source=/uv,target=/usr/local/bin/uv';
  const input = [
    'FROM n AS cog-node',
    `RUN ${uv} uv a`,
    'FROM base',
    `RUN --mount=type=cache,target=/c ${uv} --mount=from=cog_build,source=w.whl,target=/tmp/w.whl uv pip install /tmp/w.whl`,
    `RUN ${uv} uv b`,
    'RUN echo --mount=from=x,source=a,target=b and more',
  ].join('\n');
  assert.equal(
    bindMountsToCopies(input),
    [
      'FROM n AS cog-node',
      'COPY --from=uv:1 /uv /usr/local/bin/uv',
      'RUN uv a',
      'FROM base',
      'COPY --from=uv:1 /uv /usr/local/bin/uv',
      'COPY --from=cog_build w.whl /tmp/w.whl',
      'RUN --mount=type=cache,target=/c uv pip install /tmp/w.whl',
      'RUN uv b',
      'RUN echo --mount=from=x,source=a,target=b and more',
    ].join('\n'),
  );
});

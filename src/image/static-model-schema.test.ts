import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { checkStaticSdkVersion, staticModelSchema } from './static-model-schema.ts';

test('SDK pins below 0.17.0 are refused, as by the original static generator', () => {
  const rows: Array<[string | undefined, string | undefined, string | undefined]> = [
    // sdk_version, COG_SDK_WHEEL, refused version (undefined: accepted)
    [undefined, undefined, undefined],
    ['0.17.0', undefined, undefined],
    ['0.22.1', undefined, undefined],
    ['1.0.0', undefined, undefined],
    ['prerelease', undefined, undefined],
    ['0.16.9', undefined, '0.16.9'],
    ['0.16.0', undefined, '0.16.0'],
    [undefined, 'pypi:0.16.2', '0.16.2'],
    ['0.16.0', 'pypi:0.18.0', undefined], // COG_SDK_WHEEL wins
    ['0.16.0', '/tmp/cog.whl', undefined], // a wheel file: no pin to check
  ];
  for (const [sdk, wheel, refused] of rows) {
    if (refused === undefined) assert.doesNotThrow(() => checkStaticSdkVersion(sdk, wheel));
    else
      assert.throws(
        () => checkStaticSdkVersion(sdk, wheel),
        new RegExp(
          `^CogError: SDK version ${refused.replaceAll('.', '\\.')} is not supported by static schema generation; use 0\\.17\\.0 or newer$`,
        ),
      );
  }
});

test('COG_OPENAPI_SCHEMA replaces the static reading; a broken predictor is then not read', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cog-static-model-'));
  try {
    await writeFile(path.join(dir, 'run.py'), 'this is not python (\n');
    await writeFile(path.join(dir, 'schema.json'), '{"openapi": "3.0.2", "x": 1}');
    const base = {
      projectDir: dir,
      config: { predict: 'run.py:Runner' },
      mode: 'predict' as const,
      sdkVersion: '0.22.0',
    };
    assert.deepEqual(
      await staticModelSchema({ ...base, env: { COG_OPENAPI_SCHEMA: 'schema.json' } }),
      {
        openapi: '3.0.2',
        x: 1,
      },
    );
    // Without it the syntax error is left to Python (the container reports it).
    assert.equal(await staticModelSchema({ ...base, env: {} }), undefined);
    await assert.rejects(
      staticModelSchema({ ...base, env: { COG_OPENAPI_SCHEMA: 'missing.json' } }),
      /^CogError: Failed to load model schema JSON: ENOENT/,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

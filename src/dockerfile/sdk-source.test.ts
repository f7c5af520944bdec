import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryReader } from './plan-reader.ts';
import { isPreRelease, selectSdkSource, toPep440, type SdkSourceInput } from './sdk-source.ts';
import { planBuild } from './plan-build.ts';
import { generateDockerfile } from './generate-dockerfile.ts';

const reader = memoryReader({
  '/work/dist/cog-0.22.0-py3-none-any.whl': 'w',
  '/work/two/cog-1-py3-none-any.whl': 'w',
  '/work/two/cog-2-py3-none-any.whl': 'w',
  '/work/none/readme.txt': 'x',
  '/work/coglet/coglet-0.1.0-cp310-abi3-manylinux_2_17_x86_64.whl': 'w',
  '/work/coglet/coglet-0.1.0-cp310-abi3-macosx_11_0_arm64.whl': 'w',
});
const select = (extra: Partial<SdkSourceInput>) =>
  selectSdkSource({
    cogSdkWheel: undefined,
    cogletWheel: undefined,
    sdkVersion: undefined,
    bundledWheel: { fileName: 'cog-0.22.0-py3-none-any.whl', version: '0.22.0' },
    cwd: '/work',
    reader,
    ...extra,
  });

test('default: the bundled wheel, staged by src/image', () => {
  const s = select({});
  assert.deepEqual(s.install, {
    kind: 'wheel-file',
    fileName: 'cog-0.22.0-py3-none-any.whl',
    bundled: true,
  });
  assert.equal(s.staged, undefined);
  assert.deepEqual(s.warnings, []);
});

test('COG_SDK_WHEEL=pypi / pypi:X / URL', () => {
  assert.deepEqual(select({ cogSdkWheel: 'pypi' }).install, {
    kind: 'pypi',
    version: undefined,
    pre: false,
  });
  assert.deepEqual(select({ cogSdkWheel: 'pypi:0.17.0', sdkVersion: '0.18.0' }).install, {
    kind: 'pypi',
    version: '0.17.0',
    pre: false,
  });
  assert.deepEqual(select({ cogSdkWheel: 'pypi:0.18.0-alpha1' }).install, {
    kind: 'pypi',
    version: '0.18.0a1',
    pre: true,
  });
  assert.deepEqual(select({ cogSdkWheel: 'https://example.com/custom-wheel-0.1.0.whl' }).install, {
    kind: 'url',
    url: 'https://example.com/custom-wheel-0.1.0.whl',
  });
});

test('COG_SDK_WHEEL file or directory is staged from the CWD', () => {
  const file = select({ cogSdkWheel: 'dist/cog-0.22.0-py3-none-any.whl' });
  assert.deepEqual(file.install, {
    kind: 'wheel-file',
    fileName: 'cog-0.22.0-py3-none-any.whl',
    bundled: false,
  });
  assert.deepEqual(file.staged, {
    path: 'cog-0.22.0-py3-none-any.whl',
    copyFrom: '/work/dist/cog-0.22.0-py3-none-any.whl',
  });
  assert.deepEqual(file.notices, ['Using local cog wheel: /work/dist/cog-0.22.0-py3-none-any.whl']);
  const dir = select({ cogSdkWheel: 'dist' });
  assert.deepEqual(dir.staged, file.staged);
  assert.deepEqual(dir.notices, file.notices);
  assert.deepEqual(select({ cogSdkWheel: 'pypi' }).notices, []);
  assert.deepEqual(select({}).notices, []);
});

test('COG_SDK_WHEEL errors', () => {
  assert.throws(() => select({ cogSdkWheel: './missing' }), {
    message: 'COG_SDK_WHEEL: path not found: /work/missing',
  });
  assert.throws(() => select({ cogSdkWheel: 'none' }), {
    message: "COG_SDK_WHEEL: no wheel matching 'cog-*.whl' found in /work/none",
  });
  assert.throws(() => select({ cogSdkWheel: 'two' }), {
    message:
      "COG_SDK_WHEEL: multiple wheels matching 'cog-*.whl' in /work/two — specify the exact file path",
  });
  assert.throws(() => select({ cogSdkWheel: 'pypi:0.15.0' }), {
    message: 'cog version 0.15.0 is below the minimum required version 0.16.0',
  });
});

test('build.sdk_version pins the upstream SDK from PyPI, with a warning', () => {
  const s = select({ sdkVersion: '0.18.0a1' });
  assert.deepEqual(s.install, { kind: 'pypi', version: '0.18.0a1', pre: true });
  assert.deepEqual(s.warnings, [
    'build.sdk_version installs cog==0.18.0a1 from PyPI instead of the SDK bundled with this Cog (0.22.0).',
  ]);
  const pre = select({ sdkVersion: 'prerelease' });
  assert.deepEqual(pre.install, { kind: 'pypi', version: undefined, pre: true });
  assert.deepEqual(pre.warnings, [
    'sdk_version "prerelease" installs the latest pre-release SDK. Pin to a specific version for reproducible production builds.',
  ]);
  assert.throws(() => select({ sdkVersion: '0.15.0' }), { code: 'SDK_VERSION_TOO_OLD' });
});

test('COGLET_WHEEL is ignored with a warning, but a path must exist', () => {
  assert.match(select({ cogletWheel: 'pypi:0.1.0' }).warnings[0] ?? '', /^COGLET_WHEEL is ignored/);
  assert.equal(
    select({ cogletWheel: 'coglet' }).warnings[0],
    'COGLET_WHEEL (/work/coglet/coglet-0.1.0-cp310-abi3-manylinux_2_17_x86_64.whl) is ignored: this Cog runs its built-in prediction server (coglet.mjs), not the coglet wheel.',
  );
  assert.throws(() => select({ cogletWheel: '/x/coglet.whl' }), {
    code: 'SDK_WHEEL_NOT_FOUND',
    message: 'COGLET_WHEEL: path not found: /x/coglet.whl',
  });
  assert.throws(() => select({ cogletWheel: 'none' }), {
    message: "COGLET_WHEEL: no wheel matching 'coglet-*.whl' found in /work/none",
  });
});

test('PEP 440 conversion and pre-release detection', () => {
  assert.equal(toPep440('0.17.0-alpha1'), '0.17.0a1');
  assert.equal(toPep440('0.17.0-beta2'), '0.17.0b2');
  assert.equal(toPep440('0.17.0-rc1'), '0.17.0rc1');
  assert.equal(toPep440('0.17.0-dev1'), '0.17.0.dev1');
  assert.equal(toPep440('0.17.0'), '0.17.0');
  assert.equal(isPreRelease('0.17.0rc1'), true);
  assert.equal(isPreRelease('0.17.0.dev3'), true);
  assert.equal(isPreRelease('0.17.0'), false);
});

const install = (hostEnv: Record<string, string>, sdk_version?: string) =>
  generateDockerfile(
    planBuild({
      config: { build: { python_version: '3.12', ...(sdk_version ? { sdk_version } : {}) } },
      projectDir: '/work',
      sdkWheel: { fileName: 'cog-0.22.0-py3-none-any.whl', version: '0.22.0' },
      hostEnv,
      reader,
    }),
  )
    .split('\n')
    .filter((l) => l.includes('uv pip install'));

test('install lines for each SDK source', () => {
  assert.deepEqual(install({}), [
    'RUN --mount=type=cache,target=/root/.cache/uv --mount=from=ghcr.io/astral-sh/uv:0.9.26,source=/uv,target=/usr/local/bin/uv --mount=from=cog_build,source=cog-0.22.0-py3-none-any.whl,target=/tmp/cog-0.22.0-py3-none-any.whl uv pip install --no-cache /tmp/cog-0.22.0-py3-none-any.whl',
  ]);
  assert.deepEqual(install({ COG_SDK_WHEEL: 'pypi:0.17.0' }, '0.18.0'), [
    'RUN --mount=type=cache,target=/root/.cache/uv --mount=from=ghcr.io/astral-sh/uv:0.9.26,source=/uv,target=/usr/local/bin/uv uv pip install --no-cache cog==0.17.0',
  ]);
  assert.deepEqual(install({}, '0.18.0a1'), [
    'RUN --mount=type=cache,target=/root/.cache/uv --mount=from=ghcr.io/astral-sh/uv:0.9.26,source=/uv,target=/usr/local/bin/uv uv pip install --pre --no-cache cog==0.18.0a1',
  ]);
  assert.deepEqual(install({ COG_SDK_WHEEL: 'pypi' }), [
    'RUN --mount=type=cache,target=/root/.cache/uv --mount=from=ghcr.io/astral-sh/uv:0.9.26,source=/uv,target=/usr/local/bin/uv uv pip install --no-cache cog',
  ]);
  assert.deepEqual(install({ COG_SDK_WHEEL: 'https://example.com/custom-wheel-0.1.0.whl' }), [
    'RUN --mount=type=cache,target=/root/.cache/uv --mount=from=ghcr.io/astral-sh/uv:0.9.26,source=/uv,target=/usr/local/bin/uv uv pip install --no-cache https://example.com/custom-wheel-0.1.0.whl',
  ]);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rewriteRequirements, type RewriteRequirementsInput } from './rewrite-requirements.ts';

const CU = 'https://download.pytorch.org/whl';
const rewrite = (lines: string[], extra: Partial<RewriteRequirementsInput> = {}) =>
  rewriteRequirements({ lines, gpu: false, cuda: '', sdkDescription: 'the bundled SDK', ...extra });

test('empty input gives empty text', () => {
  assert.deepEqual(rewrite([]), { text: '', warnings: [] });
});

test('unpinned lines pass through verbatim, pinned non-framework lines keep markers and hashes', () => {
  const lines = [
    'numpy>=1.26',
    'colorama==0.4.6 ; sys_platform == "win32" --hash=sha256:abc',
    'requests==2.31.0;python_version>"3.8"',
    'pkg[extra]==1.0',
    'git+https://github.com/a/b.git#egg=b',
  ];
  assert.equal(rewrite(lines).text, lines.join('\n'));
});

test('index options on pinned lines are hoisted: find-links first, then extra-index-urls, first-seen order, unique', () => {
  const { text } = rewrite([
    'a==1 --extra-index-url=https://two',
    'b==2 -f https://links',
    'c==3 --extra-index-url=https://one --find-links=https://links',
    'd==4 --extra-index-url https://two',
  ]);
  assert.deepEqual(text.split('\n'), [
    '--find-links https://links',
    '--extra-index-url https://two',
    '--extra-index-url https://one',
    'a==1',
    'b==2',
    'c==3',
    'd==4',
  ]);
});

test('GPU torchvision without a matching row warns and keeps the pin', () => {
  const r = rewrite(['torchvision==0.99.0'], { gpu: true, cuda: '12.1' });
  assert.equal(r.text, 'torchvision==0.99.0');
  assert.deepEqual(r.warnings, [
    "Cog doesn't know if CUDA 12.1 is compatible with torchvision 0.99.0. This might cause CUDA problems.",
  ]);
});

test('GPU torch picks the highest CUDA not newer than the resolved one', () => {
  assert.equal(
    rewrite(['torch==2.5.1'], { gpu: true, cuda: '12.2' }).text,
    `--extra-index-url ${CU}/cu121/\ntorch==2.5.1`,
  );
  assert.equal(
    rewrite(['torch==2.5.1'], { gpu: true, cuda: '12.4' }).text,
    `--extra-index-url ${CU}/cu124/\ntorch==2.5.1`,
  );
  // 2.0.1 for CUDA 11.7 is the plain PyPI wheel: no index line.
  assert.equal(rewrite(['torch==2.0.1'], { gpu: true, cuda: '11.7' }).text, 'torch==2.0.1');
});

test('GPU torch keeps environment markers after the rewritten pin', () => {
  assert.equal(
    rewrite(['torch==2.7.0+cu118 ; sys_platform == "linux"'], { gpu: true, cuda: '12.8' }).text,
    `--extra-index-url ${CU}/cu128/\ntorch==2.7.0 ; sys_platform == "linux"`,
  );
});

test('CPU torch/torchvision use the CPU wheel index; unknown CPU pins are untouched', () => {
  assert.equal(
    rewrite(['torch==2.3.0+cpu', 'torchvision==0.18.0']).text,
    `--extra-index-url ${CU}/cpu/\ntorch==2.3.0\ntorchvision==0.18.0`,
  );
  assert.equal(rewrite(['torch==0.4.1']).text, 'torch==0.4.1');
});

test('tensorflow stays in place on GPU and CPU', () => {
  assert.equal(
    rewrite(['tensorflow==2.11.1', 'foo==1'], { gpu: true, cuda: '11.8' }).text,
    'tensorflow==2.11.1\nfoo==1',
  );
  assert.equal(rewrite(['tensorflow==2.12.0']).text, 'tensorflow==2.12.0');
});

test('cog and coglet lines are removed with a warning, other cog-ish names are not', () => {
  const r = rewrite(['Cog[extra]>=0.9', 'coglet==0.17.0', 'cogapp==3.3', 'cog-sdk==1', 'numpy'], {
    sdkDescription: 'the cog 0.22.0 SDK bundled with this Cog',
  });
  assert.equal(r.text, 'cogapp==3.3\ncog-sdk==1\nnumpy');
  assert.deepEqual(r.warnings, [
    "'Cog[extra]>=0.9' found in requirements — overriding with the cog 0.22.0 SDK bundled with this Cog. Remove it from requirements and use build.sdk_version in cog.yaml or COG_SDK_WHEEL to control the version.",
    "'coglet==0.17.0' found in requirements — removing it. This Cog's prediction server is built in (coglet.mjs) and does not use the coglet package.",
  ]);
});

test('local artifact container paths pass through', () => {
  assert.equal(
    rewrite(['/tmp/local_package_artifacts/dist/a-1.0-py3-none-any.whl']).text,
    '/tmp/local_package_artifacts/dist/a-1.0-py3-none-any.whl',
  );
});

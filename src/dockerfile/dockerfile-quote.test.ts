// The render-time guards (defence in depth behind the config checks): a plan that did not come
// through parseConfig still cannot put a line break, an extra word or unquoted shell into the
// Dockerfile. Plans here are built in code, bypassing the config stage on purpose.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BuildPlan } from './build-plan.ts';
import { envLine, oneLine, oneWord, quoteEnvValue, shellWord } from './dockerfile-quote.ts';
import { generateDockerfile } from './generate-dockerfile.ts';
import { planBuild } from './plan-build.ts';
import { memoryReader } from './plan-reader.ts';

function basePlan(): BuildPlan {
  return planBuild({
    config: { build: { python_version: '3.12' }, predict: 'run.py:Runner' },
    projectDir: '/p',
    sdkWheel: { fileName: 'cog-0.22.0-py3-none-any.whl', version: '0.22.0' },
    reader: memoryReader({}),
  });
}

const UNSAFE = { code: 'DOCKERFILE_UNSAFE_VALUE' };

describe('quoting helpers', () => {
  it('oneLine refuses every kind of line break and NUL, keeps tabs', () => {
    for (const bad of ['a\nb', 'a\rb', 'a\0b', 'a\u2028b', 'a\u2029b', 'a\u0085b', 'a\u001bb'])
      assert.throws(() => oneLine(bad, 'x'), UNSAFE, JSON.stringify(bad));
    assert.equal(oneLine('a\tb "c" $d', 'x'), 'a\tb "c" $d');
  });
  it('oneWord also refuses blanks', () => {
    assert.throws(() => oneWord('python:3.12-slim AS x', 'the base image'), UNSAFE);
    assert.equal(oneWord('python:3.12-slim', 'the base image'), 'python:3.12-slim');
  });
  it('shellWord leaves plain words and single-quotes the rest', () => {
    assert.equal(shellWord('libgl1-mesa-glx'), 'libgl1-mesa-glx');
    assert.equal(shellWord('cog==0.18.0a1'), 'cog==0.18.0a1');
    assert.equal(shellWord('https://h/x.whl?a=1'), "'https://h/x.whl?a=1'");
    assert.equal(shellWord('nodejs=18.*'), "'nodejs=18.*'");
    assert.equal(shellWord("it's $(id)"), "'it'\\''s $(id)'");
    assert.throws(() => shellWord('a\nb'), UNSAFE);
  });
  it('ENV names must be POSIX names; values are quoted and one line', () => {
    assert.equal(envLine([['A_1', 'x y']]), 'ENV A_1="x y"');
    assert.throws(() => envLine([['A B', 'x']]), UNSAFE);
    assert.throws(() => envLine([['A=1\nRUN x', 'x']]), UNSAFE);
    assert.throws(() => quoteEnvValue('a\0b'), UNSAFE);
  });
});

describe('generateDockerfile on a plan that bypassed the config checks', () => {
  const cases: Array<[string, (plan: BuildPlan) => void]> = [
    ['a newline in a system package', (p) => (p.systemPackages = ['ffmpeg\nRUN x'])],
    ['a space in the base image', (p) => (p.baseImage = { kind: 'python-slim', ref: 'a AS b' })],
    [
      'a newline in the Python version on CUDA',
      (p) => {
        p.baseImage = { kind: 'cuda', ref: 'nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04' };
        p.pythonVersion = '3.12\nRUN x';
      },
    ],
    ['a CR in the runner reference', (p) => (p.predict = 'run.py:R\rRUN x')],
    ['a heredoc in a run command', (p) => (p.runCommands = [{ command: 'cat <<EOF' }])],
    ['a trailing backslash in pre_install', (p) => (p.preInstall = ['echo \\'])],
    [
      'a comma in a secret target',
      (p) => {
        p.runCommands = [
          { command: 'x', mounts: [{ type: 'secret', id: 'a', target: '/x,type=bind' }] },
        ];
      },
    ],
    [
      'a newline in the SDK version',
      (p) => (p.sdk = { kind: 'pypi', version: '1\nRUN x', pre: false }),
    ],
    ['a space in the node image', (p) => (p.runtime = { ...p.runtime, nodeImage: 'node AS x' })],
    [
      'a comma in the SDK wheel name (a mount field)',
      (p) => (p.sdk = { kind: 'wheel-file', fileName: 'x.whl,target=/etc', bundled: false }),
    ],
    ['an = in the uv image (a mount field)', (p) => (p.uvImage = 'uv,source=/etc')],
    ['a space in the runtime directory', (p) => (p.runtime = { ...p.runtime, dir: 'rt /' })],
    [
      'a newline in a weights path',
      (p) => {
        p.separateWeights = {
          imageName: 'm-weights',
          entries: [{ path: 'w\nRUN x', directory: false }],
        };
      },
    ],
  ];
  for (const [name, spoil] of cases) {
    it(name, () => {
      const plan = basePlan();
      spoil(plan);
      assert.throws(() => generateDockerfile(plan), UNSAFE);
    });
  }
  it('apt packages that need quoting are quoted, several per item are split', () => {
    const plan = basePlan();
    plan.systemPackages = ['libgl1 libsm6', 'nodejs=18.*'];
    assert.match(generateDockerfile(plan), /apt-get install -qqy libgl1 libsm6 'nodejs=18\.\*' &&/);
  });
  it('a config path with a space is one shell word in RUN cp', () => {
    const plan = basePlan();
    plan.configFileName = 'my configs/prod.yaml';
    assert.match(
      generateDockerfile(plan),
      /^RUN cp '\/src\/my configs\/prod\.yaml' \/src\/cog\.yaml$/m,
    );
  });
});

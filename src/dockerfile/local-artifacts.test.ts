import assert from 'node:assert/strict';
import { test } from 'node:test';
import { artifactPath, resolveLocalArtifacts } from './local-artifacts.ts';
import { memoryReader } from './plan-reader.ts';
import { planBuild } from './plan-build.ts';
import { generateDockerfile } from './generate-dockerfile.ts';

const reader = memoryReader(
  {
    '/p/requirements.txt': '',
    '/p/dist/a-1.0-py3-none-any.whl': 'wheel',
    '/p/vendor/my pkg@2.tar.gz': 'sdist',
    '/p/sub/reqs.txt': '',
    '/p/sub/local.zip': 'zip',
    '/outside/evil.whl': 'x',
    '/p/dist/dir.whl/inner': 'x',
  },
  { '/p/link.whl': '/outside/evil.whl', '/p/ok-link.whl': '/p/dist/a-1.0-py3-none-any.whl' },
);

test('accepted artifact forms: relative, ./, ../ (inside project), absolute, spaces and @, any case', () => {
  assert.equal(artifactPath('dist/a-1.0-py3-none-any.whl'), 'dist/a-1.0-py3-none-any.whl');
  assert.equal(artifactPath('./vendor/my pkg@2.tar.gz'), './vendor/my pkg@2.tar.gz');
  assert.equal(artifactPath('/abs/pkg.TGZ'), '/abs/pkg.TGZ');
  assert.equal(artifactPath('pkg.tar.bz2'), 'pkg.tar.bz2');
  assert.equal(artifactPath('pkg.tar.xz'), 'pkg.tar.xz');
  assert.equal(artifactPath('numpy==1.26'), undefined);
  assert.equal(artifactPath('torch @ https://x/torch.whl'), undefined);
  assert.equal(artifactPath('--extra-index-url https://x'), undefined);
  assert.equal(artifactPath('-r https://example.com/reqs.txt'), undefined);
  assert.equal(artifactPath('pkg @ https://host/profile:1/pkg.whl'), undefined);
  assert.throws(() => artifactPath('FILE:///x/a.whl'), /local file URL/);
});

const rejected: Array<[string, string]> = [
  ['pkg @ file:///p/a.whl', 'local file URL requirements are not supported: pkg @ file:///p/a.whl'],
  [
    'pkg @ ./dist/a.whl',
    'local direct reference requirements (`name @ path`) are not supported; list the path directly instead: pkg @ ./dist/a.whl',
  ],
  [
    '--find-links ./wheels',
    'local requirements option "--find-links" is not supported: --find-links ./wheels',
  ],
  ['-f ./wheels', 'local requirements option "-f" is not supported: -f ./wheels'],
  ['-r other.txt', 'local requirements option "-r" is not supported: -r other.txt'],
  [
    '--requirement=other.txt',
    'local requirements option "--requirement" is not supported: --requirement=other.txt',
  ],
  [
    './a.whl --hash=sha256:00',
    'local package artifact requirements do not support inline options or hashes: ./a.whl --hash=sha256:00',
  ],
  [
    './a.whl ; python_version > "3.9"',
    'environment markers are not supported on local package artifact requirements: ./a.whl ; python_version > "3.9"',
  ],
  [
    './a.whl[extra]',
    'extras are not supported on local package artifact requirements: ./a.whl[extra]',
  ],
  ['./pkg', 'local package requirement "./pkg" is not a supported wheel or source archive'],
];
for (const [line, message] of rejected) {
  test(`rejected: ${line}`, () => {
    assert.throws(() => artifactPath(line), { code: 'LOCAL_ARTIFACT_INVALID', message });
  });
}

const resolve = (lines: string[], requirementsFile = '/p/requirements.txt') =>
  resolveLocalArtifacts({ lines, requirementsFile, projectDir: '/p', reader });

test('artifacts are staged by project-relative path and lines rewritten to container paths', () => {
  const r = resolve(['numpy==1.26', 'dist/a-1.0-py3-none-any.whl', './vendor/my pkg@2.tar.gz']);
  assert.deepEqual(r.lines, [
    'numpy==1.26',
    '/tmp/local_package_artifacts/dist/a-1.0-py3-none-any.whl',
    '/tmp/local_package_artifacts/vendor/my pkg@2.tar.gz',
  ]);
  assert.deepEqual([...r.artifactLines], [1, 2]);
  assert.deepEqual(r.staged, [
    {
      path: 'local_package_artifacts/dist/a-1.0-py3-none-any.whl',
      copyFrom: '/p/dist/a-1.0-py3-none-any.whl',
    },
    {
      path: 'local_package_artifacts/vendor/my pkg@2.tar.gz',
      copyFrom: '/p/vendor/my pkg@2.tar.gz',
    },
  ]);
});

test('paths are relative to the requirements file; a symlink keeps its own name', () => {
  assert.deepEqual(resolve(['local.zip', '../ok-link.whl'], '/p/sub/reqs.txt').lines, [
    '/tmp/local_package_artifacts/sub/local.zip',
    '/tmp/local_package_artifacts/ok-link.whl',
  ]);
});

test('missing, non-regular and outside-the-project artifacts are errors', () => {
  assert.throws(() => resolve(['./missing.whl']), {
    message:
      'local Python package artifact "./missing.whl" not found: stat /p/missing.whl: no such file or directory',
  });
  assert.throws(() => resolve(['./dist/dir.whl']), {
    message: 'local Python package artifact "./dist/dir.whl" must be a regular file',
  });
  assert.throws(() => resolve(['../outside/evil.whl']), {
    message:
      'local Python package artifact "../outside/evil.whl" must be inside the project directory',
  });
  assert.throws(() => resolve(['./link.whl']), {
    message: 'local Python package artifact "./link.whl" must be inside the project directory',
  });
});

test('a build with local artifacts copies them and uninstalls a vendored cog afterwards', () => {
  const files = {
    '/p/requirements.txt': 'dist/a-1.0-py3-none-any.whl\ntorch==2.3.0\n',
    '/p/dist/a-1.0-py3-none-any.whl': 'w',
  };
  const plan = planBuild({
    config: { build: { python_version: '3.12', python_requirements: 'requirements.txt' } },
    projectDir: '/p',
    sdkWheel: { fileName: 'cog-0.22.0-py3-none-any.whl', version: '0.22.0' },
    reader: memoryReader(files),
  });
  const dockerfile = generateDockerfile(plan);
  assert.match(
    dockerfile,
    /^COPY --from=cog_build local_package_artifacts\/ \/tmp\/local_package_artifacts\/\nCOPY --from=cog_build requirements.txt/m,
  );
  assert.match(
    dockerfile,
    /^ENV CFLAGS=\nRUN --mount=from=\S+,source=\/uv,target=\/usr\/local\/bin\/uv uv pip uninstall cog coglet$/m,
  );
  const req = plan.stagedFiles.find((f) => f.path === 'requirements.txt');
  assert.ok(req && 'contents' in req);
  assert.equal(
    req.contents,
    `--extra-index-url https://download.pytorch.org/whl/cpu/\n/tmp/local_package_artifacts/dist/a-1.0-py3-none-any.whl\ntorch==2.3.0\n`,
  );
});

test('an unreadable requirements file is reported with the OS error', () => {
  assert.throws(
    () =>
      planBuild({
        config: { build: { python_version: '3.12', python_requirements: 'nope.txt' } },
        projectDir: '/p',
        sdkWheel: { fileName: 'cog-0.22.0-py3-none-any.whl', version: '0.22.0' },
        reader: memoryReader({}),
      }),
    {
      code: 'REQUIREMENTS_UNREADABLE',
      message:
        'failed to open python_requirements file: open /p/nope.txt: no such file or directory',
    },
  );
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findFrameworkVersions, specifierVersion } from './framework-versions.ts';
import { packageListLines, readRequirementLines, requirementName } from './requirements-reader.ts';

test('continuation lines are joined without inserting anything', () => {
  assert.deepEqual(readRequirementLines('torch==\\\n2.5.1\n'), ['torch==2.5.1']);
  assert.deepEqual(
    readRequirementLines('foo==1.0 \\\r\n  --hash=sha256:aa \\\r\n  --hash=sha256:bb\r\n'),
    ['foo==1.0   --hash=sha256:aa   --hash=sha256:bb'],
  );
});

test('blank lines, comment lines, inline comments and `-e .` are dropped', () => {
  const text = '# header\n\n  numpy==1.26.4  # pinned\n-e .\n   \npandas\n';
  assert.deepEqual(readRequirementLines(text), ['numpy==1.26.4', 'pandas']);
});

test('a # inside a URL (fragment) is not a comment (fixed quirk)', () => {
  assert.deepEqual(readRequirementLines('git+https://github.com/a/b.git#egg=b\n'), [
    'git+https://github.com/a/b.git#egg=b',
  ]);
});

test('python_packages lines are read like a requirements file', () => {
  assert.deepEqual(packageListLines(['torch==2.3.0', ' pandas  # comment', '']), [
    'torch==2.3.0',
    'pandas',
  ]);
});

test('requirementName reads the distribution name only', () => {
  assert.equal(requirementName('torch==2.0'), 'torch');
  assert.equal(requirementName('torchvision>=0.15'), 'torchvision');
  assert.equal(requirementName('torch'), 'torch');
  assert.equal(requirementName('Cog[extra]==0.9'), 'Cog');
  assert.equal(requirementName('torch @ https://x/torch.whl'), 'torch');
  assert.equal(requirementName('--extra-index-url https://x'), undefined);
  assert.equal(requirementName('./dist/pkg.whl'), undefined);
});

test('framework versions: first line wins, version after any operator, "" without one', () => {
  const lines = [
    'numpy',
    'torch>=2.0',
    'torch==2.3.1',
    'torchvision<0.19.0',
    'torchaudio',
    'tensorflow~=2.12.0',
  ];
  assert.deepEqual(findFrameworkVersions(lines), {
    torch: '2.0',
    torchvision: '0.19.0',
    torchaudio: '',
    tensorflow: '2.12.0',
  });
  assert.deepEqual(findFrameworkVersions(['torch-tensorrt==2.0', 'pytorch-lightning==2.0']), {});
  assert.equal(
    specifierVersion('torch @ https://x/torch-2.0.whl', 'torch'),
    'https://x/torch-2.0.whl',
  );
  assert.equal(specifierVersion('torch == 2.1.0 ; python_version > "3.9"', 'torch'), '2.1.0');
  assert.equal(specifierVersion('torch[cuda]==2.1.0', 'torch'), '2.1.0');
});

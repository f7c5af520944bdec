import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cogBaseConfigurations, cogBaseImageName } from './cog-base-image.ts';

const tags: Array<[string, string, string, string]> = [
  ['', '3.10', '', 'r8.im/cog-base:python3.10'],
  ['', '3.10', '2.1', 'r8.im/cog-base:python3.10-torch2.1.2'],
  ['12.1', '3.10', '', 'r8.im/cog-base:cuda12.1-python3.10'],
  ['12.1', '3.10', '2.1', 'r8.im/cog-base:cuda12.1-python3.10-torch2.1.2'],
  ['11.8', '3.10', '2.0.1+cu118', 'r8.im/cog-base:cuda11.8-python3.10-torch2.0.1'],
  ['12.4', '3.13', '2.6.0', 'r8.im/cog-base:cuda12.4-python3.13-torch2.6.0'],
  ['13.0', '3.13', '2.11.0', 'r8.im/cog-base:cuda13.0-python3.13-torch2.11.0'],
  ['11.8.0', '3.11', '2.3', 'r8.im/cog-base:cuda11.8-python3.11-torch2.3.1'],
  ['11.7', '3.10', '1.13.0', 'r8.im/cog-base:cuda11.7-python3.10'],
  ['', '3.13', '', 'r8.im/cog-base:python3.13'],
];
for (const [cuda, python, torch, expected] of tags) {
  test(`cog-base tag (${cuda || '-'}, ${python}, ${torch || '-'}) → ${expected}`, () => {
    assert.equal(cogBaseImageName({ cuda, python, torch }), expected);
  });
}

test('registry host is configurable', () => {
  assert.equal(
    cogBaseImageName({ cuda: '', python: '3.12', torch: '', registryHost: 'registry.local:5000' }),
    'registry.local:5000/cog-base:python3.12',
  );
});

test('unsupported configurations name every component', () => {
  assert.throws(() => cogBaseImageName({ cuda: '11.2', python: '3.10', torch: '' }), {
    code: 'COG_BASE_UNSUPPORTED',
    message: 'unsupported base image configuration: CUDA: 11.2 / Python: 3.10 / Torch: (none)',
  });
  assert.throws(() => cogBaseImageName({ cuda: '', python: '3.9', torch: '2.3' }), {
    message: 'unsupported base image configuration: CUDA: (none) / Python: 3.9 / Torch: (none)',
  });
});

test('the matrix starts at torch 2.0.0 (1.13.1+cuXYZ is not ≥ 1.13.1), CUDA ≥ 11.6, Python ≥ 3.10', () => {
  const configs = cogBaseConfigurations();
  assert.ok(!configs.some((c) => c.torch.startsWith('1.')));
  assert.ok(configs.some((c) => c.torch === '2.0.0'));
  assert.deepEqual([...new Set(configs.map((c) => c.cuda))].filter((c) => c !== '').sort(), [
    '11.7',
    '11.8',
    '12.1',
    '12.4',
    '12.6',
    '12.8',
    '12.9',
    '13.0',
  ]);
  assert.deepEqual([...new Set(configs.map((c) => c.python))].sort(), [
    '3.10',
    '3.11',
    '3.12',
    '3.13',
    '3.14',
  ]);
});

// build.md §3.6, every worked example as one table row: config in, resolved CUDA/cuDNN, base
// image and generated requirements out (through planBuild, the way a build sees them).
// Rows that differ from the spec on purpose say why (docs/dockerfile.md, "Fixed quirks").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BuildConfig } from '../config/config-types.ts';
import { planBuild } from './plan-build.ts';

interface Row {
  name: string;
  build: BuildConfig;
  cogBase?: string[];
  cuda?: string;
  cudnn?: string;
  base?: string;
  requirements?: string[] | null;
  error?: RegExp;
  warnings?: RegExp[];
}

const CU = 'https://download.pytorch.org/whl';
const rows: Row[] = [
  {
    name: '1 torch 1.13.1 family → cu117',
    build: {
      gpu: true,
      python_version: '3.10',
      python_packages: ['torch==1.13.1', 'torchvision==0.14.1', 'torchaudio==0.13.1', 'foo==1.0.0'],
    },
    cuda: '11.7',
    cudnn: '8',
    base: 'nvidia/cuda:11.7.1-cudnn8-devel-ubuntu22.04',
    requirements: [
      `--extra-index-url ${CU}/cu117/`,
      'torch==1.13.1',
      'torchvision==0.14.1',
      'torchaudio==0.13.1',
      'foo==1.0.0',
    ],
  },
  {
    name: '2 torch 1.12.1 family → cu116',
    build: {
      gpu: true,
      python_version: '3.10',
      python_packages: ['torch==1.12.1', 'torchvision==0.13.1', 'torchaudio==0.12.1', 'foo==1.0.0'],
    },
    cuda: '11.6',
    cudnn: '8',
    base: 'nvidia/cuda:11.6.2-cudnn8-devel-ubuntu20.04',
    requirements: [
      `--extra-index-url ${CU}/cu116/`,
      'torch==1.12.1',
      'torchvision==0.13.1',
      'torchaudio==0.12.1',
      'foo==1.0.0',
    ],
  },
  {
    name: '3a torch 2.0.1 → 11.8',
    build: { gpu: true, python_version: '3.10', python_packages: ['torch==2.0.1'] },
    cuda: '11.8',
    cudnn: '8',
    base: 'nvidia/cuda:11.8.0-cudnn8-devel-ubuntu22.04',
  },
  {
    name: '3b torch 1.13.1 → 11.7',
    build: { gpu: true, python_version: '3.10', python_packages: ['torch==1.13.1'] },
    cuda: '11.7',
    cudnn: '8',
  },
  {
    name: '3c torch 1.11.0 → 11.3',
    build: { gpu: true, python_version: '3.10', python_packages: ['torch==1.11.0'] },
    cuda: '11.3',
    cudnn: '8',
  },
  {
    name: '4 torch 2.0.1 family with cuda 11.8',
    build: {
      gpu: true,
      python_version: '3.10',
      cuda: '11.8',
      python_packages: ['torch==2.0.1', 'torchvision==0.15.2', 'torchaudio==2.0.2', 'foo==1.0.0'],
    },
    cuda: '11.8',
    cudnn: '8',
    requirements: [
      `--extra-index-url ${CU}/cu118/`,
      'torch==2.0.1',
      'torchvision==0.15.2',
      'torchaudio==2.0.2',
      'foo==1.0.0',
    ],
  },
  {
    name: '5 same on CPU → CPU index, nothing resolved',
    build: {
      gpu: false,
      python_version: '3.10',
      python_packages: ['torch==2.0.1', 'torchvision==0.15.2', 'torchaudio==2.0.2', 'foo==1.0.0'],
    },
    cuda: '',
    cudnn: '',
    base: 'python:3.10-slim',
    requirements: [
      `--extra-index-url ${CU}/cpu/`,
      'torch==2.0.1',
      'torchvision==0.15.2',
      'torchaudio==2.0.2',
      'foo==1.0.0',
    ],
  },
  {
    name: '6 tensorflow 2.12.0 with cuda 11.8 (never tensorflow_gpu)',
    build: {
      gpu: true,
      python_version: '3.10',
      cuda: '11.8',
      python_packages: ['tensorflow==2.12.0', 'foo==1.0.0'],
    },
    cuda: '11.8',
    cudnn: '8',
    base: 'nvidia/cuda:11.8.0-cudnn8-devel-ubuntu22.04',
    requirements: ['tensorflow==2.12.0', 'foo==1.0.0'],
    warnings: [],
  },
  {
    name: '7 tensorflow 2.12.0 decides CUDA',
    build: { gpu: true, python_version: '3.10', python_packages: ['tensorflow==2.12.0'] },
    cuda: '11.8',
    cudnn: '8',
    base: 'nvidia/cuda:11.8.0-cudnn8-devel-ubuntu22.04',
  },
  {
    name: '8 no packages, cuda 11.6 + cudnn 8',
    build: { gpu: true, python_version: '3.10', cuda: '11.6', cudnn: '8' },
    cuda: '11.6',
    cudnn: '8',
    base: 'nvidia/cuda:11.6.2-cudnn8-devel-ubuntu20.04',
    requirements: null,
  },
  {
    name: '9 no packages → default 11.8',
    build: { gpu: true, python_version: '3.12' },
    cuda: '11.8',
    cudnn: '8',
    base: 'nvidia/cuda:11.8.0-cudnn8-devel-ubuntu22.04',
    requirements: null,
  },
  {
    // Fixed quirk: the original kept TF's cuDNN 8 and failed with "no matching base image for
    // CUDA 12.3 and CuDNN 8"; we take the cuDNN that CUDA 12.3 images have, and warn.
    name: '10 tensorflow 2.16.1 + torch 2.3.1 on cuda 12.3 → cuDNN 9 image',
    build: {
      gpu: true,
      python_version: '3.11',
      cuda: '12.3',
      python_packages: ['tensorflow==2.16.1', 'torch==2.3.1'],
    },
    cuda: '12.3',
    cudnn: '9',
    base: 'nvidia/cuda:12.3.2-cudnn9-devel-ubuntu22.04',
    requirements: [`--extra-index-url ${CU}/cu121/`, 'tensorflow==2.16.1', 'torch==2.3.1'],
    warnings: [
      /TensorFlow 2\.16\.1 was built against cuDNN 8, but Cog has no CUDA 12\.3 image with cuDNN 8; using cuDNN 9\./,
    ],
  },
  {
    name: '11 explicit --extra-index-url wins, cuda with patch',
    build: {
      gpu: true,
      python_version: '3.10',
      cuda: '11.6.2',
      python_packages: [`torch==1.12.1 --extra-index-url=${CU}/cu116`],
    },
    cuda: '11.6.2',
    cudnn: '8',
    base: 'nvidia/cuda:11.6.2-cudnn8-devel-ubuntu20.04',
    requirements: [`--extra-index-url ${CU}/cu116`, 'torch==1.12.1'],
  },
  {
    name: '12 torch 2.7.0+cu118 on cuda 12.8 → warns, cu128 wheel',
    build: {
      gpu: true,
      python_version: '3.11',
      cuda: '12.8',
      python_packages: ['torch==2.7.0+cu118'],
    },
    cuda: '12.8',
    cudnn: '9',
    base: 'nvidia/cuda:12.8.1-cudnn-devel-ubuntu24.04',
    requirements: [`--extra-index-url ${CU}/cu128/`, 'torch==2.7.0'],
    warnings: [
      /^Cog doesn't know if CUDA 12\.8 is compatible with PyTorch 2\.7\.0\+cu118\. This might cause CUDA problems\.$/,
      /^Try 11\.8 instead\?$/,
    ],
  },
  {
    name: '13 explicit cu118 index on cuda 12.8 is kept',
    build: {
      gpu: true,
      python_version: '3.11',
      cuda: '12.8',
      python_packages: [`torch==2.7.0 --extra-index-url=${CU}/cu118`],
    },
    cuda: '12.8',
    requirements: [`--extra-index-url ${CU}/cu118`, 'torch==2.7.0'],
  },
  {
    name: '14 unknown torch without cuda → error',
    build: { gpu: true, python_version: '3.10', python_packages: ['torch==0.4.1'] },
    error:
      /^cog doesn't know what CUDA version is compatible with torch==0\.4\.1\. You might need to upgrade Cog \(see docs\/user\/getting-started\.md\)$/,
  },
  {
    name: '15 unknown torch with cuda 11.8 → warning, pin kept',
    build: { gpu: true, python_version: '3.10', cuda: '11.8', python_packages: ['torch==0.4.1'] },
    cuda: '11.8',
    cudnn: '8',
    base: 'nvidia/cuda:11.8.0-cudnn8-devel-ubuntu22.04',
    requirements: ['torch==0.4.1'],
    warnings: [
      /^Cog doesn't know if CUDA 11\.8 is compatible with PyTorch 0\.4\.1\. This might cause CUDA problems\.$/,
    ],
  },
  {
    name: '16 cog-base, short torch pin expanded',
    build: { gpu: true, python_version: '3.12', cuda: '11.8', python_packages: ['torch==2.3'] },
    cogBase: ['r8.im/cog-base:cuda11.8-python3.12-torch2.3.1'],
    cuda: '11.8',
    cudnn: '8',
    base: 'r8.im/cog-base:cuda11.8-python3.12-torch2.3.1',
    requirements: [`--extra-index-url ${CU}/cu118/`, 'torch==2.3.1'],
  },
  {
    name: '17 cog-base, +cu118 pin',
    build: {
      gpu: true,
      python_version: '3.12',
      cuda: '11.8',
      python_packages: ['torch==2.3.1+cu118'],
    },
    cogBase: ['r8.im/cog-base:cuda11.8-python3.12-torch2.3.1'],
    cuda: '11.8',
    cudnn: '8',
    base: 'r8.im/cog-base:cuda11.8-python3.12-torch2.3.1',
    requirements: [`--extra-index-url ${CU}/cu118/`, 'torch==2.3.1'],
  },
  {
    name: '18 cog-base for torch 2.0.1+cu118',
    build: { gpu: true, python_version: '3.10', python_packages: ['torch==2.0.1+cu118'] },
    cogBase: ['r8.im/cog-base:cuda11.8-python3.10-torch2.0.1'],
    cuda: '11.8',
    base: 'r8.im/cog-base:cuda11.8-python3.10-torch2.0.1',
  },
  {
    name: '19 torch 1.13.0: cog-base lookup (torch-less tag) fails → nvidia/cuda',
    build: { gpu: true, python_version: '3.10', python_packages: ['torch==1.13.0'] },
    cogBase: ['r8.im/cog-base:cuda11.7-python3.10-torch1.13.0'],
    cuda: '11.7',
    base: 'nvidia/cuda:11.7.1-cudnn8-devel-ubuntu22.04',
    requirements: [`--extra-index-url ${CU}/cu117/`, 'torch==1.13.0'],
    warnings: [
      /^Could not find a suitable base image, continuing without base image support \(image r8\.im\/cog-base:cuda11\.7-python3\.10 is not available\)\.$/,
    ],
  },
  {
    name: '20 unversioned torch on GPU → error',
    build: { gpu: true, python_version: '3.12', python_packages: ['torch'] },
    error: /^torch version must be specified when using CUDA$/,
  },
  {
    name: '21 torch 2.7.0 without cuda → 12.8 / 9',
    build: { gpu: true, python_version: '3.12', python_packages: ['torch==2.7.0'] },
    cuda: '12.8',
    cudnn: '9',
    base: 'nvidia/cuda:12.8.1-cudnn-devel-ubuntu24.04',
    requirements: [`--extra-index-url ${CU}/cu128/`, 'torch==2.7.0'],
  },
];

for (const row of rows) {
  test(`worked example ${row.name}`, () => {
    const run = () =>
      planBuild({
        config: { build: row.build, predict: 'run.py:Runner' },
        projectDir: '/project',
        sdkWheel: { fileName: 'cog-0.22.0-py3-none-any.whl', version: '0.22.0' },
        ...(row.cogBase
          ? { cogBaseImageExists: (ref: string) => row.cogBase?.includes(ref) ?? false }
          : {}),
      });
    if (row.error) {
      assert.throws(run, { name: 'CogError', message: row.error });
      return;
    }
    const plan = run();
    if (row.cuda !== undefined) assert.equal(plan.cuda, row.cuda, 'cuda');
    if (row.cudnn !== undefined) assert.equal(plan.cudnn, row.cudnn, 'cudnn');
    if (row.base !== undefined) assert.equal(plan.baseImage.ref, row.base, 'base image');
    const staged = plan.stagedFiles.find((f) => f.path === 'requirements.txt');
    if (row.requirements === null) assert.equal(staged, undefined, 'no requirements');
    if (row.requirements) {
      assert.ok(staged && 'contents' in staged, 'requirements staged');
      assert.deepEqual(staged.contents.trimEnd().split('\n'), row.requirements);
    }
    if (row.warnings) {
      assert.equal(
        plan.warnings.length,
        row.warnings.length,
        `warnings: ${JSON.stringify(plan.warnings)}`,
      );
      row.warnings.forEach((re, i) => assert.match(plan.warnings[i] ?? '', re));
    }
  });
}

test('cog debug --use-cog-base-image without an availability check names the cog-base image', () => {
  const plan = planBuild({
    config: {
      build: { gpu: true, python_version: '3.10', python_packages: ['torch==2.0.1+cu118'] },
    },
    projectDir: '/project',
    sdkWheel: { fileName: 'cog-0.22.0-py3-none-any.whl', version: '0.22.0' },
    useCogBaseImage: true,
  });
  assert.equal(plan.baseImage.ref, 'r8.im/cog-base:cuda11.8-python3.10-torch2.0.1');
  assert.throws(
    () =>
      planBuild({
        config: { build: { gpu: true, python_version: '3.10', cuda: '11.2' } },
        projectDir: '/project',
        sdkWheel: { fileName: 'cog-0.22.0-py3-none-any.whl', version: '0.22.0' },
        useCogBaseImage: true,
      }),
    {
      message:
        'Failed to get cog base image name: unsupported base image configuration: CUDA: 11.2 / Python: 3.10 / Torch: (none)',
    },
  );
});

// resolveCuda(): every GPU error/warning text of build.md §1.7 and the §3.3 branches, by table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FrameworkVersions } from './framework-versions.ts';
import { resolveCuda, validateCudaVersion, type CudaRequest } from './resolve-cuda.ts';

const gpu = (frameworks: FrameworkVersions, extra: Partial<CudaRequest> = {}): CudaRequest => ({
  gpu: true,
  frameworks,
  ...extra,
});

const errors: Array<{
  name: string;
  request: CudaRequest;
  code: string;
  message: string;
  hint?: string;
}> = [
  {
    name: 'cuDNN not offered for a known CUDA (list de-duplicated)',
    request: gpu({}, { cuda: '12.4', cudnn: '8' }),
    code: 'CUDA_CUDNN_INCOMPATIBLE',
    message: 'CUDA 12.4 is incompatible with CuDNN 8: compatible CuDNN versions are: 9',
  },
  {
    name: 'cuDNN for an unknown CUDA',
    request: gpu({}, { cuda: '12.7', cudnn: '9' }),
    code: 'CUDA_CUDNN_INCOMPATIBLE',
    message: 'the specified CUDA version 12.7 is not compatible with CuDNN 9.',
    hint: 'Compatible CuDNN versions are: (none: Cog has no nvidia/cuda image for CUDA 12.7)',
  },
  {
    name: 'TensorFlow CUDA major differs',
    request: gpu({ tensorflow: '2.12.0' }, { cuda: '12.1' }),
    code: 'TENSORFLOW_CUDA_INCOMPATIBLE',
    message:
      'TensorFlow 2.12.0 is incompatible with CUDA 12.1: TensorFlow 2.12.0 requires CUDA 11.8',
  },
  {
    name: 'torch without version',
    request: gpu({ torch: '' }),
    code: 'TORCH_VERSION_REQUIRED',
    message: 'torch version must be specified when using CUDA',
  },
  {
    name: 'unknown torch, no cuda',
    request: gpu({ torch: '0.4.1' }),
    code: 'FRAMEWORK_CUDA_UNKNOWN',
    message:
      "cog doesn't know what CUDA version is compatible with torch==0.4.1. You might need to upgrade Cog (see docs/user/getting-started.md)",
    hint: "If that doesn't work, you need to set the 'cuda' option in cog.yaml to set what version to use. You might be able to find this out from https://pytorch.org/",
  },
  {
    name: 'unknown tensorflow, no cuda',
    request: gpu({ tensorflow: '1.15.0' }),
    code: 'FRAMEWORK_CUDA_UNKNOWN',
    message:
      "cog doesn't know what CUDA version is compatible with tensorflow==1.15.0. You might need to upgrade Cog (see docs/user/getting-started.md)",
    hint: "If that doesn't work, you need to set the 'cuda' option in cog.yaml to set what version to use. You might be able to find this out from https://www.tensorflow.org/",
  },
  {
    name: 'cuDNN differs from TensorFlow’s',
    request: gpu({ tensorflow: '2.18.0' }, { cuda: '12.5', cudnn: '8' }),
    code: 'CUDA_CUDNN_INCOMPATIBLE',
    message: 'CUDA 12.5 is incompatible with CuDNN 8: compatible CuDNN versions are: 9',
  },
  {
    name: 'CUDA with no image',
    request: gpu({}, { cuda: '12.7' }),
    code: 'CUDA_UNSUPPORTED',
    message: 'CUDA 12.7 is not supported by Cog',
  },
  {
    name: 'CUDA without minor',
    request: gpu({}, { cuda: '11' }),
    code: 'CUDA_INVALID',
    message: 'CUDA version "11" must include both major and minor versions',
  },
  {
    name: 'CUDA major not a number',
    request: gpu({}, { cuda: 'x.1' }),
    code: 'CUDA_INVALID',
    message: 'invalid major version in CUDA version "x.1"',
  },
  {
    name: 'CUDA minor not a number',
    request: gpu({}, { cuda: '11.A' }),
    code: 'CUDA_INVALID',
    message: 'invalid minor version in CUDA version "11.A"',
  },
  {
    name: 'CUDA too old',
    request: gpu({}, { cuda: '9.1' }),
    code: 'CUDA_INVALID',
    message: 'minimum supported CUDA version is 11, requested "9.1"',
  },
];

for (const row of errors) {
  test(`resolveCuda error: ${row.name}`, () => {
    assert.throws(
      () => resolveCuda(row.request),
      (error: unknown) => {
        assert.ok(error instanceof Error);
        const e = error as Error & { code: string; hint?: string };
        assert.equal(e.code, row.code);
        assert.equal(e.message, row.message);
        if (row.hint !== undefined) assert.equal(e.hint, row.hint);
        return true;
      },
    );
  });
}

test('TensorFlow cuDNN mismatch on a CUDA that offers both is an error naming TF’s cuDNN', () => {
  assert.throws(() => resolveCuda(gpu({ tensorflow: '2.18.0' }, { cuda: '12.2', cudnn: '8' })), {
    code: 'TENSORFLOW_CUDNN_INCOMPATIBLE',
    message: 'the specified cuDNN version 8 is not compatible with tensorflow==2.18.0.',
    hint: 'Compatible cuDNN version is: 9',
  });
});

test('TensorFlow with the matching CUDA prints no warning (the original’s inverted check)', () => {
  const r = resolveCuda(gpu({ tensorflow: '2.12.0' }, { cuda: '11.8' }));
  assert.deepEqual(r, { cuda: '11.8', cudnn: '8', warnings: [] });
});

test('TensorFlow with a same-major, different-minor CUDA warns and suggests its CUDA', () => {
  const r = resolveCuda(gpu({ tensorflow: '2.12.0' }, { cuda: '11.7' }));
  assert.equal(r.cuda, '11.7');
  assert.deepEqual(r.warnings, [
    "Cog doesn't know if CUDA 11.7 is compatible with Tensorflow 2.12.0. This might cause CUDA problems.",
    'Try 11.8 instead?',
  ]);
});

test('unknown TensorFlow with an explicit CUDA warns without a suggestion', () => {
  const r = resolveCuda(gpu({ tensorflow: '2.99.0' }, { cuda: '12.1' }));
  assert.deepEqual(r.warnings, [
    "Cog doesn't know if CUDA 12.1 is compatible with Tensorflow 2.99.0. This might cause CUDA problems.",
  ]);
  assert.equal(r.cudnn, '8');
});

test('TensorFlow takes precedence over torch', () => {
  const r = resolveCuda(gpu({ tensorflow: '2.18.0', torch: '2.7.0' }));
  assert.equal(r.cuda, '12.5');
  assert.equal(r.cudnn, '9');
});

test('torch candidates: highest CUDA wins; a known +cuXYZ pin selects exactly that CUDA', () => {
  assert.equal(resolveCuda(gpu({ torch: '2.5.1' })).cuda, '12.4');
  assert.equal(resolveCuda(gpu({ torch: '2.5.1+cu118' })).cuda, '11.8');
  assert.equal(resolveCuda(gpu({ torch: '2.9.0' })).cuda, '13.0');
  assert.equal(resolveCuda(gpu({ torch: '2.9.0' })).cudnn, '9');
  // torch>=2.0 is read as "2.0", which matches no row's minor exactly but 2.0.0/2.0.1 rows.
  assert.equal(resolveCuda(gpu({ torch: '2.0' })).cuda, '11.8');
});

test('torch with a CUDA that matches a candidate at minor level does not warn', () => {
  const r = resolveCuda(gpu({ torch: '2.7.0' }, { cuda: '12.6.3' }));
  assert.deepEqual(r.warnings, []);
  assert.equal(r.cudnn, '9');
});

test('gpu: false keeps cuda/cudnn verbatim and resolves nothing', () => {
  assert.deepEqual(resolveCuda({ gpu: false, cuda: '13.0', frameworks: { torch: '' } }), {
    cuda: '13.0',
    cudnn: '',
    warnings: [],
  });
  assert.deepEqual(resolveCuda({ gpu: false, frameworks: {} }), {
    cuda: '',
    cudnn: '',
    warnings: [],
  });
});

test('validateCudaVersion accepts major.minor and major.minor.patch', () => {
  assert.doesNotThrow(() => validateCudaVersion('11.8'));
  assert.doesNotThrow(() => validateCudaVersion('12.4.1'));
  assert.throws(() => validateCudaVersion('11-2'), /must include both major and minor/);
});

// CUDA / cuDNN resolution for `gpu: true` configs (build.md §3.3) and the GPU compatibility
// errors of build.md §1.7. Pure: takes the framework versions found in the requirements and
// returns the CUDA/cuDNN pair plus warnings, or throws a CogError.
//
// Deliberate differences from the original (docs/dockerfile.md, "Fixed quirks"):
// * TensorFlow + explicit `cuda`: the original warned when the CUDA *matched* TensorFlow's and
//   stayed silent when it did not (inverted condition). We warn on a minor-level mismatch and
//   on an unknown TensorFlow, and say nothing when they agree.
// * "compatible CuDNN versions are: 9, 9": the list is de-duplicated.
// * TensorFlow 2.16/2.17 ask for cuDNN 8 on CUDA 12.3, for which no nvidia/cuda image exists;
//   we fall back to the newest cuDNN that has an image (with a warning) instead of failing later
//   with "no matching base image".
import { CogError } from '../cog-error.ts';
import {
  cudnnsForCuda,
  latestCudnnForCuda,
  tensorflowRow,
  torchCudaCandidates,
} from './compat/compat-lookup.ts';
import { COMPAT_TABLE } from './compat/compat-table.ts';
import type { CompatTable } from './compat/compat-types.ts';
import type { FrameworkVersions } from './framework-versions.ts';
import { compareVersions, parseVersion, versionMatches } from './version.ts';

/** CUDA used for `gpu: true` when nothing in the config or requirements decides. */
export const DEFAULT_CUDA = '11.8';
const MIN_CUDA_MAJOR = 11;

export interface CudaRequest {
  gpu: boolean;
  cuda?: string | undefined;
  cudnn?: string | undefined;
  frameworks: FrameworkVersions;
}

export interface ResolvedCuda {
  /** "" when not resolved (CPU without a `cuda` key). */
  cuda: string;
  cudnn: string;
  warnings: string[];
}

export function resolveCuda(request: CudaRequest, table: CompatTable = COMPAT_TABLE): ResolvedCuda {
  // CPU configs keep what the user wrote; it still selects cog-base images (§4.2).
  if (!request.gpu) return { cuda: request.cuda ?? '', cudnn: request.cudnn ?? '', warnings: [] };

  const warnings: string[] = [];
  let cuda = request.cuda ?? '';
  let cudnn = request.cudnn ?? '';
  if (cuda !== '') validateCudaVersion(cuda);
  if (cuda !== '' && cudnn !== '') checkCudnnOffered(cuda, cudnn, table);

  const { torch, tensorflow } = request.frameworks;
  let torchCandidates: string[] = [];
  if (torch !== undefined) {
    if (torch === '') {
      throw new CogError(
        'TORCH_VERSION_REQUIRED',
        'torch version must be specified when using CUDA',
        {
          hint: 'Pin torch in your requirements, e.g. `torch==2.7.0`.',
        },
      );
    }
    torchCandidates = torchCudaCandidates(torch, table);
  }

  if (tensorflow !== undefined) {
    const row = tensorflowRow(tensorflow, table);
    if (cuda === '') {
      if (!row) throw unknownFramework('tensorflow', tensorflow, 'https://www.tensorflow.org/');
      cuda = row.cuda;
    } else if (!row) {
      warnings.push(
        `Cog doesn't know if CUDA ${cuda} is compatible with Tensorflow ${tensorflow}. This might cause CUDA problems.`,
      );
    } else if (parseVersion(row.cuda)?.major !== parseVersion(cuda)?.major) {
      throw new CogError(
        'TENSORFLOW_CUDA_INCOMPATIBLE',
        `TensorFlow ${tensorflow} is incompatible with CUDA ${cuda}: TensorFlow ${tensorflow} requires CUDA ${row.cuda}`,
        { hint: `Set build.cuda to "${row.cuda}" in cog.yaml, or remove it to let Cog choose.` },
      );
    } else if (!versionMatches(row.cuda, cuda)) {
      warnings.push(
        `Cog doesn't know if CUDA ${cuda} is compatible with Tensorflow ${tensorflow}. This might cause CUDA problems.`,
        `Try ${row.cuda} instead?`,
      );
    }
    if (cudnn === '') {
      const offered = cudnnsForCuda(cuda, table);
      if (row && offered.includes(row.cudnn)) {
        cudnn = row.cudnn;
      } else {
        cudnn = offered.at(-1) ?? '';
        if (row && cudnn !== '') {
          warnings.push(
            `TensorFlow ${tensorflow} was built against cuDNN ${row.cudnn}, but Cog has no CUDA ${cuda} image with cuDNN ${row.cudnn}; using cuDNN ${cudnn}.`,
          );
        }
      }
    } else if (row && cudnn !== row.cudnn) {
      throw new CogError(
        'TENSORFLOW_CUDNN_INCOMPATIBLE',
        `the specified cuDNN version ${cudnn} is not compatible with tensorflow==${tensorflow}.`,
        { hint: `Compatible cuDNN version is: ${row.cudnn}` },
      );
    }
  } else if (torch !== undefined) {
    if (cuda === '') {
      const highest = [...torchCandidates].sort(compareVersions).at(-1);
      if (highest === undefined) throw unknownFramework('torch', torch, 'https://pytorch.org/');
      cuda = highest;
    } else if (!torchCandidates.some((c) => versionMatches(c, cuda))) {
      warnings.push(
        `Cog doesn't know if CUDA ${cuda} is compatible with PyTorch ${torch}. This might cause CUDA problems.`,
      );
      const last = torchCandidates.at(-1);
      if (last !== undefined) warnings.push(`Try ${last} instead?`);
    }
  } else if (cuda === '') {
    cuda = DEFAULT_CUDA;
  }

  if (cudnn === '') cudnn = latestCudnnForCuda(cuda, table) ?? '';
  if (cudnn === '') {
    throw new CogError('CUDA_UNSUPPORTED', `CUDA ${cuda} is not supported by Cog`, {
      hint: 'Set build.cuda in cog.yaml to a version Cog has an nvidia/cuda image for, e.g. "12.8".',
    });
  }
  return { cuda, cudnn, warnings };
}

/** Re-validates `build.cuda` with the completion-time wording of the original (§1.7). */
export function validateCudaVersion(cuda: string): void {
  const parts = cuda.split('.');
  const [major, minor] = parts;
  if (parts.length < 2) {
    throw new CogError(
      'CUDA_INVALID',
      `CUDA version "${cuda}" must include both major and minor versions`,
    );
  }
  if (!/^\d+$/.test(major ?? '')) {
    throw new CogError('CUDA_INVALID', `invalid major version in CUDA version "${cuda}"`);
  }
  if (!/^\d+$/.test(minor ?? '')) {
    throw new CogError('CUDA_INVALID', `invalid minor version in CUDA version "${cuda}"`);
  }
  if (Number(major) < MIN_CUDA_MAJOR) {
    throw new CogError(
      'CUDA_INVALID',
      `minimum supported CUDA version is ${MIN_CUDA_MAJOR}, requested "${cuda}"`,
    );
  }
}

function checkCudnnOffered(cuda: string, cudnn: string, table: CompatTable): void {
  const offered = cudnnsForCuda(cuda, table);
  if (offered.includes(cudnn)) return;
  if (offered.length > 0) {
    throw new CogError(
      'CUDA_CUDNN_INCOMPATIBLE',
      `CUDA ${cuda} is incompatible with CuDNN ${cudnn}: compatible CuDNN versions are: ${offered.join(', ')}`,
    );
  }
  throw new CogError(
    'CUDA_CUDNN_INCOMPATIBLE',
    `the specified CUDA version ${cuda} is not compatible with CuDNN ${cudnn}.`,
    {
      hint: `Compatible CuDNN versions are: (none: Cog has no nvidia/cuda image for CUDA ${cuda})`,
    },
  );
}

function unknownFramework(name: string, version: string, site: string): CogError {
  return new CogError(
    'FRAMEWORK_CUDA_UNKNOWN',
    `cog doesn't know what CUDA version is compatible with ${name}==${version}. You might need to upgrade Cog (see docs/user/getting-started.md)`,
    {
      hint: `If that doesn't work, you need to set the 'cuda' option in cog.yaml to set what version to use. You might be able to find this out from ${site}`,
    },
  );
}

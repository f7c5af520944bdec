// Base image choice (build.md §4.3): cog-base when asked for (or in auto mode when available),
// otherwise nvidia/cuda for GPU configs (unless `useCudaBaseImage` is "false"), otherwise
// python slim. The flags keep the original's semantics:
//   useCogBaseImage   true = must use cog-base, false = never, undefined = auto (try, fall back)
//   useCudaBaseImage  any value but "false" means nvidia/cuda for GPU configs
import { CogError } from '../cog-error.ts';
import type { BaseImage } from './build-plan.ts';
import { cudaImageFor } from './compat/compat-lookup.ts';
import { COMPAT_TABLE } from './compat/compat-table.ts';
import type { CompatTable } from './compat/compat-types.ts';
import { cogBaseImageName } from './cog-base-image.ts';
import { majorMinor } from './version.ts';

export interface BaseImageRequest {
  gpu: boolean;
  /** As written in cog.yaml (patch allowed). */
  pythonVersion: string;
  /** Resolved CUDA/cuDNN for GPU; for CPU, `build.cuda`/`build.cudnn` verbatim or "". */
  cuda: string;
  cudnn: string;
  /** torch version as seen in the requirements, "" when none. */
  torch: string;
  useCogBaseImage: boolean | undefined;
  useCudaBaseImage: string;
  registryHost: string | undefined;
  /** Whether a cog-base image can be used (present locally or pullable). */
  cogBaseImageExists: (ref: string) => boolean;
}

export interface SelectedBaseImage {
  baseImage: BaseImage;
  warnings: string[];
}

export function selectBaseImage(
  request: BaseImageRequest,
  table: CompatTable = COMPAT_TABLE,
): SelectedBaseImage {
  const warnings: string[] = [];
  if (request.useCogBaseImage !== false) {
    try {
      return {
        baseImage: { kind: 'cog-base', ref: cogBaseRef(request, warnings, table) },
        warnings,
      };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (request.useCogBaseImage === true) {
        throw new CogError(
          'COG_BASE_IMAGE_UNAVAILABLE',
          `Failed to get cog base image name: ${reason}`,
          {
            hint: 'Drop --use-cog-base-image to fall back to python/nvidia base images.',
            cause: error,
          },
        );
      }
      warnings.push(
        `Could not find a suitable base image, continuing without base image support (${reason}).`,
      );
    }
  }
  if (request.gpu && request.useCudaBaseImage !== 'false') {
    const image = cudaImageFor(request.cuda, request.cudnn, table);
    if (!image) {
      throw new CogError(
        'CUDA_BASE_IMAGE_MISSING',
        `no matching base image for CUDA ${request.cuda} and CuDNN ${request.cudnn}`,
      );
    }
    return { baseImage: { kind: 'cuda', ref: `nvidia/cuda:${image.tag}` }, warnings };
  }
  return {
    baseImage: { kind: 'python-slim', ref: `python:${request.pythonVersion}-slim` },
    warnings,
  };
}

function cogBaseRef(request: BaseImageRequest, warnings: string[], table: CompatTable): string {
  const python = majorMinor(request.pythonVersion);
  if (python !== request.pythonVersion) {
    warnings.push(
      `Stripping patch version from Python version ${request.pythonVersion} to ${python}`,
    );
  }
  const ref = cogBaseImageName(
    { cuda: request.cuda, python, torch: request.torch, registryHost: request.registryHost },
    table,
  );
  if (!request.cogBaseImageExists(ref)) throw new Error(`image ${ref} is not available`);
  return ref;
}

// Questions the resolver asks of the compatibility table. Each takes the table as a parameter
// (defaulting to the generated one) so tests can use small hand-written tables.
import { COMPAT_TABLE } from './compat-table.ts';
import type { CompatTable, CudaImage, TensorflowRow, TorchRow } from './compat-types.ts';
import { compareVersions, cudaFromLocalSuffix, versionEqual, versionMatches } from '../version.ts';

/** cuDNN majors offered by nvidia/cuda images whose CUDA matches `cuda`, ascending, unique. */
export function cudnnsForCuda(cuda: string, table: CompatTable = COMPAT_TABLE): string[] {
  const found = new Set(
    table.cudaImages.filter((i) => versionMatches(i.cuda, cuda)).map((i) => i.cudnn),
  );
  return [...found].sort(compareVersions);
}

/** The newest cuDNN for a CUDA version, or undefined when Cog has no image for it. */
export function latestCudnnForCuda(
  cuda: string,
  table: CompatTable = COMPAT_TABLE,
): string | undefined {
  return cudnnsForCuda(cuda, table).at(-1);
}

/**
 * CUDA versions a torch pin can use (build.md §3.3 step 3): a `+cuXYZ` pin that names a known
 * row is exactly that CUDA; otherwise every CUDA of rows matching the version, sorted.
 */
export function torchCudaCandidates(torch: string, table: CompatTable = COMPAT_TABLE): string[] {
  const matching = table.torch.filter((r) => r.cuda !== null && versionMatches(r.torch, torch));
  const suffixCuda = cudaFromLocalSuffix(torch);
  if (suffixCuda !== undefined && matching.some((r) => r.cuda === suffixCuda)) return [suffixCuda];
  return [...new Set(matching.map((r) => r.cuda as string))].sort();
}

export function tensorflowRow(
  tensorflow: string,
  table: CompatTable = COMPAT_TABLE,
): TensorflowRow | undefined {
  return table.tensorflow.find((r) => versionEqual(r.tensorflow, tensorflow));
}

/**
 * The wheel row for a torch (or torchvision) pin on GPU: among rows whose version matches and
 * whose CUDA is not newer than the resolved one, the highest CUDA, then the highest version.
 */
export function gpuTorchRow(
  key: 'torch' | 'torchvision',
  pin: string,
  cuda: string,
  table: CompatTable = COMPAT_TABLE,
): TorchRow | undefined {
  const rows = table.torch.filter(
    (r) => r.cuda !== null && versionMatches(r[key], pin) && compareVersions(r.cuda, cuda) <= 0,
  );
  return rows
    .sort(
      (a, b) =>
        compareVersions(a.cuda as string, b.cuda as string) || compareVersions(a[key], b[key]),
    )
    .at(-1);
}

/** The CPU wheel row for a torch (or torchvision) pin: same version ignoring the local suffix. */
export function cpuTorchRow(
  key: 'torch' | 'torchvision',
  pin: string,
  table: CompatTable = COMPAT_TABLE,
): TorchRow | undefined {
  const rows = table.torch.filter((r) => {
    if (r.cuda !== null) return false;
    const plain = r[key].split('+')[0] ?? '';
    return versionEqual(plain, pin.split('+')[0] ?? '');
  });
  return rows.sort((a, b) => compareVersions(a[key], b[key])).at(-1);
}

/**
 * The nvidia/cuda image for a resolved CUDA/cuDNN pair (build.md §3.4): highest CUDA patch,
 * then highest Ubuntu.
 */
export function cudaImageFor(
  cuda: string,
  cudnn: string,
  table: CompatTable = COMPAT_TABLE,
): CudaImage | undefined {
  const images = table.cudaImages.filter((i) => versionMatches(i.cuda, cuda) && i.cudnn === cudnn);
  return images
    .sort((a, b) => compareVersions(a.cuda, b.cuda) || compareVersions(a.ubuntu, b.ubuntu))
    .at(-1);
}

// Pre-built cog-base images (build.md §4.2): which (CUDA, Python, torch) combinations exist,
// how a request is normalised to one of them, and the image name. Whether the image is really
// available (pulled or pullable) is asked through an injected predicate, because our machines
// are offline and the registry lookup of the original cannot run here.
import { CogError } from '../cog-error.ts';
import { COMPAT_TABLE } from './compat/compat-table.ts';
import type { CompatTable } from './compat/compat-types.ts';
import {
  compareVersions,
  majorMinor,
  stripLocalSuffix,
  versionEqual,
  versionMatches,
} from './version.ts';

export const DEFAULT_REGISTRY_HOST = 'r8.im';
const MIN_CUDA = '11.6';
const MIN_PYTHON = '3.10';
const MIN_TORCH = '1.13.1';

/** Apt packages every cog-base image already has (dropped from the apt step on cog-base). */
export const COG_BASE_SYSTEM_PACKAGES: readonly string[] = [
  'build-essential',
  'cmake',
  'curl',
  'ffmpeg',
  'findutils',
  'g++',
  'gcc',
  'git',
  'libavcodec-dev',
  'libcairo2-dev',
  'libfontconfig1',
  'libgirepository1.0-dev',
  'libgl1',
  'libglx-mesa0',
  'libglib2.0-0',
  'libopencv-dev',
  'libsm6',
  'libsndfile1',
  'libssl-dev',
  'libunistring-dev',
  'libxext6',
  'libxrender1',
  'sox',
  'unzip',
  'wget',
  'zip',
  'zstd',
];

/** One buildable cog-base combination; "" means the component is absent. */
export interface CogBaseConfiguration {
  cuda: string;
  python: string;
  torch: string;
}

const cache = new WeakMap<CompatTable, CogBaseConfiguration[]>();

/** Every valid cog-base configuration, derived from the torch matrix. */
export function cogBaseConfigurations(table: CompatTable = COMPAT_TABLE): CogBaseConfiguration[] {
  const cached = cache.get(table);
  if (cached) return cached;
  const configs: CogBaseConfiguration[] = [];
  const cudas = new Set<string>();
  const pythons = new Set<string>();
  for (const row of table.torch) {
    // "≥ 1.13.1" counts the local suffix as in the original: 1.13.1+cu117 is not ≥ 1.13.1.
    if (compareVersions(row.torch, MIN_TORCH) < 0) continue;
    if (compareVersions(row.torch, MIN_TORCH) === 0 && !versionEqual(row.torch, MIN_TORCH))
      continue;
    const torch = stripLocalSuffix(row.torch);
    for (const python of row.pythons) {
      if (compareVersions(python, MIN_PYTHON) < 0) continue;
      pythons.add(python);
      if (row.cuda === null) {
        configs.push({ cuda: '', python, torch });
      } else if (compareVersions(row.cuda, MIN_CUDA) >= 0) {
        configs.push({ cuda: row.cuda, python, torch });
        cudas.add(row.cuda);
      }
    }
  }
  for (const python of pythons) {
    configs.push({ cuda: '', python, torch: '' });
    for (const cuda of cudas) configs.push({ cuda, python, torch: '' });
  }
  cache.set(table, configs);
  return configs;
}

export interface CogBaseRequest {
  /** build.cuda as resolved (used even for CPU configs), "" for none. */
  cuda: string;
  /** major.minor */
  python: string;
  /** torch version as seen in the requirements (§3.2), "" for none. */
  torch: string;
  registryHost?: string;
}

const componentMatches = (config: string, requested: string): boolean =>
  config === '' || requested === '' ? config === requested : versionMatches(config, requested);

/**
 * The cog-base image reference for a request, or a CogError when no such configuration exists.
 * A torch pin no configuration offers is dropped (the image then has no torch).
 */
export function cogBaseImageName(
  request: CogBaseRequest,
  table: CompatTable = COMPAT_TABLE,
): string {
  const configs = cogBaseConfigurations(table);
  const cuda = request.cuda === '' ? '' : majorMinor(request.cuda);
  const sameEnv = configs.filter(
    (c) => componentMatches(c.cuda, cuda) && componentMatches(c.python, request.python),
  );
  const torch =
    request.torch === ''
      ? ''
      : (sameEnv
          .filter((c) => c.torch !== '' && versionMatches(c.torch, request.torch))
          .map((c) => c.torch)
          .sort(compareVersions)
          .at(-1) ?? '');
  if (!sameEnv.some((c) => c.torch === torch)) {
    throw new CogError(
      'COG_BASE_UNSUPPORTED',
      `unsupported base image configuration: CUDA: ${cuda || '(none)'} / Python: ${request.python || '(none)'} / Torch: ${torch || '(none)'}`,
    );
  }
  const tag = [cuda && `cuda${cuda}`, `python${request.python}`, torch && `torch${torch}`]
    .filter((p) => p !== '')
    .join('-');
  return `${request.registryHost ?? DEFAULT_REGISTRY_HOST}/cog-base:${tag || 'latest'}`;
}

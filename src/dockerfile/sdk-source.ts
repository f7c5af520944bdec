// Which `cog` Python SDK goes into the image (build.md §5.5, adapted). Default: the wheel
// bundled with this CLI, staged into `.cog/build/` by src/image. The original's overrides keep
// working because users pin deliberately:
//   COG_SDK_WHEEL=pypi | pypi:<ver> | http(s)://… | <file or directory>   (wins)
//   build.sdk_version: "<ver>" | "prerelease"                              (upstream cog from PyPI)
// COGLET_WHEEL has no meaning here: the prediction server is coglet.mjs, not a Python wheel. It
// is still checked like the original's (a local path must exist, a directory must hold one
// coglet wheel), so a typo fails before the build instead of being silently ignored.
import path from 'node:path';
import { CogError } from '../cog-error.ts';
import type { SdkInstall, StagedFile } from './build-plan.ts';
import type { PlanReader } from './plan-reader.ts';
import { compareVersions } from './version.ts';

export const MIN_SDK_VERSION = '0.16.0';

export interface SdkSourceInput {
  /** Host env COG_SDK_WHEEL. */
  cogSdkWheel: string | undefined;
  /** Host env COGLET_WHEEL (ignored with a warning). */
  cogletWheel: string | undefined;
  /** `build.sdk_version`. */
  sdkVersion: string | undefined;
  bundledWheel: { fileName: string; version: string };
  /** Relative COG_SDK_WHEEL paths are resolved against this directory. */
  cwd: string;
  reader: PlanReader;
}

export interface SdkSource {
  install: SdkInstall;
  /** A wheel to copy into `.cog/build/` (COG_SDK_WHEEL file); the bundled wheel is staged by src/image. */
  staged: StagedFile | undefined;
  /** For the "'cog' found in requirements — overriding with …" warning. */
  description: string;
  warnings: string[];
  /** Informational lines ("Using local cog wheel: …"). */
  notices: string[];
}

export function selectSdkSource(input: SdkSourceInput): SdkSource {
  const warnings: string[] = [];
  const coglet = input.cogletWheel?.trim();
  if (coglet) {
    const file = isLocalPath(coglet)
      ? wheelFile(path.resolve(input.cwd, coglet), input.reader, COGLET_WHEELS)
      : undefined;
    warnings.push(
      `COGLET_WHEEL${file === undefined ? '' : ` (${file})`} is ignored: this Cog runs its built-in prediction server (coglet.mjs), not the coglet wheel.`,
    );
  }
  const env = input.cogSdkWheel?.trim();
  if (env) {
    const source = fromEnv(env, input);
    const notices =
      source.install.kind === 'wheel-file' ? [`Using local cog wheel: ${source.description}`] : [];
    return { ...source, warnings, notices };
  }

  const pinned = input.sdkVersion?.trim();
  if (pinned === 'prerelease') {
    warnings.push(
      'sdk_version "prerelease" installs the latest pre-release SDK. Pin to a specific version for reproducible production builds.',
    );
    return pypi(undefined, true, 'latest pre-release cog from PyPI', warnings);
  }
  if (pinned) {
    const version = toPep440(pinned);
    checkMinimum(pinned);
    warnings.push(
      `build.sdk_version installs cog==${version} from PyPI instead of the SDK bundled with this Cog (${input.bundledWheel.version}).`,
    );
    return pypi(version, isPreRelease(version), `cog==${version} from PyPI`, warnings);
  }
  const { fileName, version } = input.bundledWheel;
  return {
    install: { kind: 'wheel-file', fileName, bundled: true },
    staged: undefined,
    description: `the cog ${version} SDK bundled with this Cog`,
    warnings,
    notices: [],
  };
}

function pypi(
  version: string | undefined,
  pre: boolean,
  description: string,
  warnings: string[],
): SdkSource {
  return {
    install: { kind: 'pypi', version, pre },
    staged: undefined,
    description,
    warnings,
    notices: [],
  };
}

function isLocalPath(value: string): boolean {
  return value !== 'pypi' && !value.startsWith('pypi:') && !/^https?:\/\//.test(value);
}

interface WheelKind {
  variable: string;
  pattern: RegExp;
  glob: string;
}

const COG_WHEELS: WheelKind = {
  variable: 'COG_SDK_WHEEL',
  pattern: /^cog-.*\.whl$/,
  glob: 'cog-*.whl',
};
// As the original: in a directory, only wheels for x86_64 or any platform.
const COGLET_WHEELS: WheelKind = {
  variable: 'COGLET_WHEEL',
  pattern: /^coglet-.*(x86_64|-none-any)\.whl$/,
  glob: 'coglet-*.whl',
};

function fromEnv(value: string, input: SdkSourceInput): Omit<SdkSource, 'warnings' | 'notices'> {
  if (value === 'pypi') {
    return {
      install: { kind: 'pypi', version: undefined, pre: false },
      staged: undefined,
      description: 'latest cog from PyPI',
    };
  }
  if (value.startsWith('pypi:')) {
    const raw = value.slice('pypi:'.length);
    checkMinimum(raw);
    const version = toPep440(raw);
    return {
      install: { kind: 'pypi', version, pre: isPreRelease(version) },
      staged: undefined,
      description: `cog==${version} from PyPI`,
    };
  }
  if (/^https?:\/\//.test(value)) {
    return { install: { kind: 'url', url: value }, staged: undefined, description: value };
  }
  const file = wheelFile(path.resolve(input.cwd, value), input.reader, COG_WHEELS);
  const fileName = path.basename(file);
  return {
    install: { kind: 'wheel-file', fileName, bundled: false },
    staged: { path: fileName, copyFrom: file },
    description: file,
  };
}

function wheelFile(target: string, reader: PlanReader, kind: WheelKind): string {
  const { variable, glob } = kind;
  const found = reader.kind(target);
  if (found === undefined)
    throw new CogError('SDK_WHEEL_NOT_FOUND', `${variable}: path not found: ${target}`);
  if (found !== 'directory') return target;
  const wheels = reader.list(target).filter((n) => kind.pattern.test(n));
  if (wheels.length === 0) {
    throw new CogError(
      'SDK_WHEEL_NOT_FOUND',
      `${variable}: no wheel matching '${glob}' found in ${target}`,
      {
        hint: `Build the SDK wheel with \`npm run build\` (it lands in dist/), or point ${variable} at a wheel file.`,
      },
    );
  }
  if (wheels.length > 1) {
    throw new CogError(
      'SDK_WHEEL_AMBIGUOUS',
      `${variable}: multiple wheels matching '${glob}' in ${target} — specify the exact file path`,
    );
  }
  return path.join(target, wheels[0] ?? '');
}

function checkMinimum(version: string): void {
  const base = /^\d+(?:\.\d+){0,2}/.exec(version)?.[0];
  if (base !== undefined && compareVersions(base, MIN_SDK_VERSION) < 0) {
    throw new CogError(
      'SDK_VERSION_TOO_OLD',
      `cog version ${version} is below the minimum required version ${MIN_SDK_VERSION}`,
      {
        hint: 'Raise build.sdk_version in cog.yaml, or remove it to use the SDK bundled with this Cog.',
      },
    );
  }
}

/** Semver pre-releases as PEP 440: "0.17.0-alpha1" → "0.17.0a1", "-rc1" → "rc1", "-dev1" → ".dev1". */
export function toPep440(version: string): string {
  return version
    .replace(/-alpha\.?(\d+)$/, 'a$1')
    .replace(/-beta\.?(\d+)$/, 'b$1')
    .replace(/-rc\.?(\d+)$/, 'rc$1')
    .replace(/-dev\.?(\d+)$/, '.dev$1');
}

export function isPreRelease(pep440: string): boolean {
  return /(?:a|b|rc)\d+$|\.dev\d+$/.test(pep440);
}

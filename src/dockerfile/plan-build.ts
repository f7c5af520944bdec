// planBuild(): from a validated CogConfig plus the build options to a BuildPlan. All decisions
// and all reads happen here (requirements file, local artifacts, COG_SDK_WHEEL, COG_CA_CERT,
// through the injected PlanReader), so generateDockerfile() can stay pure. Warnings are
// collected in the plan for the CLI to print; fatal problems throw CogError.
import path from 'node:path';
import { CogError } from '../cog-error.ts';
import type { CogConfig } from '../config/config-types.ts';
import { runnerLanguageOf } from '../runner-reference.ts';
import { parseEnvironment } from '../config/index.ts';
import {
  RUNTIME_DIR,
  type BuildPlan,
  type SeparateWeights,
  type StagedFile,
} from './build-plan.ts';
import { CA_CERT_FILE, readCaCertificate } from './ca-cert.ts';
import { COG_BASE_SYSTEM_PACKAGES } from './cog-base-image.ts';
import { findFrameworkVersions } from './framework-versions.ts';
import { runLine } from './generate-dockerfile.ts';
import { resolveLocalArtifacts } from './local-artifacts.ts';
import { nodeModelFiles, planNodeBuild } from './plan-node-build.ts';
import { nodeReader, type PlanReader } from './plan-reader.ts';
import { packageListLines, readRequirementLines } from './requirements-reader.ts';
import { resolveCuda } from './resolve-cuda.ts';
import { rewriteRequirements } from './rewrite-requirements.ts';
import { selectBaseImage } from './select-base-image.ts';
import { selectSdkSource } from './sdk-source.ts';
import { compareVersions, majorMinor } from './version.ts';

export const DEFAULT_NODE_IMAGE = 'node:24-slim';
export const UV_IMAGE = 'ghcr.io/astral-sh/uv:0.9.26';
/** Used when cog.yaml has no build.python_version (the original emitted `FROM python:-slim`). */
export const DEFAULT_PYTHON_VERSION = '3.13';

export interface PlanBuildInput {
  config: CogConfig;
  /** Absolute project root (the directory holding the config file). */
  projectDir: string;
  /** Project-relative path of the config file (`-f`), default "cog.yaml". */
  configFile?: string;
  /** `environment` as parsed pairs; when absent, split from config.environment. */
  environment?: ReadonlyArray<readonly [string, string]>;
  /** The SDK wheel bundled with this CLI, staged by src/image. */
  sdkWheel: { fileName: string; version: string };
  /** Directory of `.cog/build/` for the runtime tree (see runtimeFiles), default "runtime". */
  runtimeDir?: string;
  /** Image providing /usr/local/bin/node; callers feed COG_NODE_IMAGE here. */
  nodeImage?: string;
  /** Host environment: COG_SDK_WHEEL, COGLET_WHEEL, COG_CA_CERT are read from it. */
  hostEnv?: Readonly<Record<string, string | undefined>>;
  /** Dev build (serve/run/train/exec): no `COPY . /src`. */
  dev?: boolean;
  /** --use-cuda-base-image, default "auto". */
  useCudaBaseImage?: string;
  /** --use-cog-base-image: true, false, or undefined for auto. */
  useCogBaseImage?: boolean;
  /**
   * Whether a cog-base image is available (e.g. present in the local image store). Without it,
   * auto mode skips cog-base, and `useCogBaseImage: true` trusts the user: any valid cog-base
   * configuration is used (pulling it is then the builder's job).
   */
  cogBaseImageExists?: (ref: string) => boolean;
  /** COG_REGISTRY_HOST / --registry, default r8.im. */
  registryHost?: string;
  /** Effective concurrency (cog.yaml, else the @cog.concurrent decorator). */
  concurrencyMax?: number;
  precompile?: boolean;
  strip?: boolean;
  /** e.g. "docker/dockerfile:1.4" to emit a `#syntax=` line; off by default (offline builds). */
  syntax?: string;
  separateWeights?: SeparateWeights;
  /** Base for relative COG_SDK_WHEEL paths, default projectDir. */
  cwd?: string;
  /** TypeScript runners: the OpenAPI documents computed on the host (src/ts-schema), as JSON text. */
  nodeSchemas?: { predict?: string; train?: string };
  reader?: PlanReader;
}

interface Requirements {
  lines: string[];
  artifactLines: Set<number>;
  staged: StagedFile[];
}

export function planBuild(input: PlanBuildInput): BuildPlan {
  const reader = input.reader ?? nodeReader;
  const hostEnv = input.hostEnv ?? {};
  const build = input.config.build ?? {};
  const warnings: string[] = [];
  const language = runnerLanguageOf(input.config.predict || input.config.train);
  if (language === 'node' && !build.python_version) {
    return planNodeBuild(input, {
      reader,
      nodeImage: input.nodeImage || DEFAULT_NODE_IMAGE,
      uvImage: UV_IMAGE,
      environment: environmentPairs(input),
    });
  }

  let pythonVersion = build.python_version ?? '';
  if (pythonVersion === '') {
    pythonVersion = DEFAULT_PYTHON_VERSION;
    warnings.push(
      `build.python_version is not set in cog.yaml; using Python ${DEFAULT_PYTHON_VERSION}`,
    );
  }
  const gpu = build.gpu ?? false;

  const requirements = readRequirements(input, reader);
  const frameworks = findFrameworkVersions(
    requirements.lines.filter((_, i) => !requirements.artifactLines.has(i)),
  );
  const cuda = resolveCuda({ gpu, cuda: build.cuda, cudnn: build.cudnn, frameworks });
  warnings.push(...cuda.warnings);

  const sdk = selectSdkSource({
    cogSdkWheel: hostEnv['COG_SDK_WHEEL'],
    cogletWheel: hostEnv['COGLET_WHEEL'],
    sdkVersion: build.sdk_version,
    bundledWheel: input.sdkWheel,
    cwd: input.cwd ?? input.projectDir,
    reader,
  });
  warnings.push(...sdk.warnings);

  const rewritten = rewriteRequirements({
    lines: requirements.lines,
    gpu,
    cuda: cuda.cuda,
    sdkDescription: sdk.description,
  });
  warnings.push(...rewritten.warnings);

  const base = selectBaseImage({
    gpu,
    pythonVersion,
    cuda: cuda.cuda,
    cudnn: cuda.cudnn,
    torch: frameworks.torch ?? '',
    // Without a way to tell whether a cog-base image is available (we are offline), auto mode
    // does not try one: the fallback warning would otherwise appear on every build.
    useCogBaseImage:
      input.useCogBaseImage === undefined && input.cogBaseImageExists === undefined
        ? false
        : input.useCogBaseImage,
    useCudaBaseImage: input.useCudaBaseImage ?? 'auto',
    registryHost: input.registryHost,
    cogBaseImageExists: input.cogBaseImageExists ?? (() => input.useCogBaseImage === true),
  });
  warnings.push(...base.warnings);
  const onCogBase = base.baseImage.kind === 'cog-base';
  const cuda13OnCogBase = onCogBase && cuda.cuda !== '' && compareVersions(cuda.cuda, '13.0') >= 0;

  const concurrencyMax = input.concurrencyMax ?? input.config.concurrency?.max;
  checkConcurrencyPython(concurrencyMax, pythonVersion);
  const caCert = readCaCertificate(hostEnv['COG_CA_CERT'], reader);
  const staged: StagedFile[] = [];
  if (rewritten.text !== '')
    staged.push({ path: 'requirements.txt', contents: `${rewritten.text}\n` });
  staged.push(...requirements.staged);
  if (caCert !== undefined) staged.push({ path: CA_CERT_FILE, contents: caCert });
  if (sdk.staged) staged.push(sdk.staged);

  const runCommands = build.run ?? [];
  runCommands.forEach((c) => runLine(c)); // fail early on multi-line commands
  const systemPackages = (build.system_packages ?? []).filter(
    (p) => !(onCogBase && COG_BASE_SYSTEM_PACKAGES.includes(p)),
  );

  return {
    syntax: input.syntax,
    baseImage: base.baseImage,
    runnerLanguage: language,
    pythonVersion,
    gpu,
    cuda: cuda.cuda,
    cudnn: cuda.cudnn,
    breakSystemPackages: base.baseImage.kind === 'cuda' || cuda13OnCogBase,
    linkPython: cuda13OnCogBase,
    caCert: caCert !== undefined,
    environment: environmentPairs(input),
    systemPackages,
    preInstall: build.pre_install ?? [],
    requirements:
      rewritten.text === '' ? undefined : { hasLocalArtifacts: requirements.staged.length > 0 },
    sdk: sdk.install,
    // A TypeScript runner on a Python base (build.python_version set): worker, SDK, schemas.
    node:
      language === 'node'
        ? nodeModelFiles(input, reader, staged, { withDependencies: false })
        : undefined,
    runtime: {
      nodeImage: input.nodeImage || DEFAULT_NODE_IMAGE,
      dir: input.runtimeDir ?? RUNTIME_DIR,
    },
    uvImage: UV_IMAGE,
    precompile: input.precompile ?? false,
    strip: input.strip ?? false,
    runCommands,
    predict: input.config.predict || undefined,
    train: input.config.train || undefined,
    concurrencyMax,
    dev: input.dev ?? false,
    configFileName: (input.configFile ?? 'cog.yaml').split(path.sep).join('/'),
    stagedFiles: staged,
    warnings,
    notices: [
      ...sdk.notices,
      ...(caCert === undefined ? [] : ['Injecting CA certificate from COG_CA_CERT']),
    ],
    separateWeights: input.separateWeights,
  };
}

/** A decorator-derived concurrency never went through config validation (build.md §7.3). */
function checkConcurrencyPython(max: number | undefined, pythonVersion: string): void {
  if (max === undefined || max <= 1) return;
  if (compareVersions(majorMinor(pythonVersion), '3.11') < 0) {
    throw new CogError('CONCURRENCY_PYTHON', 'concurrency requires Python 3.11 or higher', {
      hint: 'Set build.python_version to "3.11" or newer in cog.yaml.',
    });
  }
}

function readRequirements(input: PlanBuildInput, reader: PlanReader): Requirements {
  const build = input.config.build ?? {};
  if (build.python_requirements) {
    const file = path.resolve(input.projectDir, build.python_requirements);
    let text: string;
    try {
      text = reader.readText(file);
    } catch (error) {
      throw new CogError(
        'REQUIREMENTS_UNREADABLE',
        `failed to open python_requirements file: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    return resolveLocalArtifacts({
      lines: readRequirementLines(text),
      requirementsFile: file,
      projectDir: input.projectDir,
      reader,
    });
  }
  return {
    lines: packageListLines(build.python_packages ?? []),
    artifactLines: new Set(),
    staged: [],
  };
}

function environmentPairs(input: PlanBuildInput): Array<[string, string]> {
  if (!input.environment) return parseEnvironment(input.config.environment);
  const pairs = input.environment.map(([k, v]): [string, string] => [k, v]);
  return pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

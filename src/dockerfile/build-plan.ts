// The BuildPlan: everything the Dockerfile needs, resolved up front by planBuild() so that
// generateDockerfile() is a pure function of it. src/image writes `stagedFiles` into
// `.cog/build/` (the named build context `cog_build`) and stages the bundled SDK wheel and
// coglet.mjs itself (see `sdk` and `runtime`).
import type { PredictionMode } from '../contracts/openapi-document.ts';
import type { RunCommand } from '../config/config-types.ts';
import type { RunnerLanguage } from '../runner-reference.ts';

/** The directory of `.cog/build/` that holds the runtime tree (BuildPlan.runtime.dir). */
export const RUNTIME_DIR = 'runtime';

export type BaseImage =
  /** `python:<version>-slim`; Python comes with the image. */
  | { kind: 'python-slim'; ref: string }
  /** `nvidia/cuda:<tag>`; Python is installed with uv. */
  | { kind: 'cuda'; ref: string }
  /** A pre-built `<registry>/cog-base:<tag>` image (Python, tini and common apt packages inside). */
  | { kind: 'cog-base'; ref: string }
  /** `node:24-slim` (COG_NODE_IMAGE) for a TypeScript/JavaScript runner without Python. */
  | { kind: 'node'; ref: string };

export type SdkInstall =
  /** A wheel file in `.cog/build/` (the SDK bundled with this CLI, or a COG_SDK_WHEEL file). */
  | { kind: 'wheel-file'; fileName: string; bundled: boolean }
  /** The upstream `cog` package from PyPI (COG_SDK_WHEEL=pypi[:X] or build.sdk_version). */
  | { kind: 'pypi'; version: string | undefined; pre: boolean }
  | { kind: 'url'; url: string };

export type StagedFile =
  /** Write `contents` to `.cog/build/<path>`. */
  | { path: string; contents: string }
  /** Copy the file at absolute path `copyFrom` to `.cog/build/<path>`. */
  | { path: string; copyFrom: string };

export interface WeightPath {
  path: string;
  directory: boolean;
}

export interface SeparateWeights {
  /** Name of the weights image, `<image>-weights`. */
  imageName: string;
  /** Project-relative weight files and directories, as grouped by findWeightPaths(). */
  entries: WeightPath[];
}

/** The Node side of a model whose runner is TypeScript/JavaScript (`run: run.ts:Runner`). */
export interface NodeModelPlan {
  /** package.json (+ package-lock.json) staged: its dependencies go to /node_modules. */
  dependencies: { lockFile: boolean } | undefined;
  /** OpenAPI documents computed on the host, staged as `schema/<mode>.json`. */
  schemaModes: PredictionMode[];
}

export interface BuildPlan {
  /** Emit `#syntax=<value>` first. Off by default: BuildKit would pull a frontend image. */
  syntax: string | undefined;
  baseImage: BaseImage;
  /** The worker that runs the predictor: `python` (run.py) or `node` (run.ts, .mts, .js, .mjs). */
  runnerLanguage: RunnerLanguage;
  /** `build.python_version` as written. */
  pythonVersion: string;
  gpu: boolean;
  /** Resolved CUDA/cuDNN ("" when not resolved). */
  cuda: string;
  cudnn: string;
  /** Add `--break-system-packages` to every uv/pip install (uv-managed, PEP 668 Pythons). */
  breakSystemPackages: boolean;
  /** cog-base images for CUDA ≥ 13 have no `python` on /usr/local/bin. */
  linkPython: boolean;
  /** A CA certificate is staged as `cog-ca-cert.crt`. */
  caCert: boolean;
  /** User `environment`, sorted by name. */
  environment: Array<[string, string]>;
  /** apt packages to install (cog-base packages already removed). */
  systemPackages: string[];
  /** Deprecated `build.pre_install` commands (run before the user's Python packages). */
  preInstall: string[];
  /** A `requirements.txt` is staged and installed. */
  requirements: { hasLocalArtifacts: boolean } | undefined;
  /** The Python SDK; undefined for a Node model without Python. */
  sdk: SdkInstall | undefined;
  /** Set when the runner is TypeScript/JavaScript: the worker, cog-sdk, schemas, npm packages. */
  node: NodeModelPlan | undefined;
  /**
   * Where the node binary comes from, and the directory of `.cog/build/` holding the runtime
   * files as a tree rooted at `/` (`runtimeFiles(plan)` says which; src/image stages them).
   */
  runtime: { nodeImage: string; dir: string };
  uvImage: string;
  precompile: boolean;
  strip: boolean;
  runCommands: RunCommand[];
  predict: string | undefined;
  train: string | undefined;
  concurrencyMax: number | undefined;
  /** Dev builds (serve/run/train/exec) bind-mount the project instead of `COPY . /src`. */
  dev: boolean;
  /** Project-relative path of the config file (`-f`); anything but cog.yaml is copied to /src/cog.yaml. */
  configFileName: string;
  stagedFiles: StagedFile[];
  warnings: string[];
  /** Informational lines for the user (e.g. "Injecting CA certificate from COG_CA_CERT"). */
  notices: string[];
  separateWeights: SeparateWeights | undefined;
}

// The BuildPlan of a model whose runner is TypeScript/JavaScript and that has no Python
// (`run: run.ts:Runner`, no build.python_version): FROM the Node image, tini, apt packages,
// the project's npm dependencies (package.json, `npm ci` when package-lock.json exists) in
// /node_modules, the runtime, the Node worker, cog-sdk and the schemas computed on the host.
// The Python-only fields of cog.yaml are errors here, so nothing is silently ignored.
import path from 'node:path';
import { CogError } from '../cog-error.ts';
import { RUNTIME_DIR, type BuildPlan, type NodeModelPlan, type StagedFile } from './build-plan.ts';
import { CA_CERT_FILE, readCaCertificate } from './ca-cert.ts';
import { runLine } from './generate-dockerfile.ts';
import type { PlanBuildInput } from './plan-build.ts';
import type { PlanReader } from './plan-reader.ts';

/** cog.yaml fields that only mean something for a Python runner. */
const PYTHON_ONLY_FIELDS = [
  'python_requirements',
  'python_packages',
  'cuda',
  'cudnn',
  'gpu',
  'sdk_version',
] as const;

export function planNodeBuild(
  input: PlanBuildInput,
  options: {
    reader: PlanReader;
    nodeImage: string;
    uvImage: string;
    environment: Array<[string, string]>;
  },
): BuildPlan {
  const build = input.config.build ?? {};
  const runner = input.config.predict || input.config.train || '';
  const field = PYTHON_ONLY_FIELDS.find(
    (name) => build[name] !== undefined && build[name] !== false,
  );
  if (field !== undefined) {
    throw new CogError(
      'NODE_RUNNER_PYTHON_FIELD',
      `build.${field} applies to Python runners only; ${runner} runs on Node`,
      {
        hint:
          field === 'python_requirements' || field === 'python_packages'
            ? 'List Node dependencies in package.json instead, or set build.python_version to build a Python image.'
            : 'Remove it from cog.yaml, or set build.python_version to build a Python image.',
      },
    );
  }
  const hostEnv = input.hostEnv ?? {};
  const staged: StagedFile[] = [];
  const node = nodeModelFiles(input, options.reader, staged);
  const warnings =
    node.dependencies?.lockFile === false
      ? [
          'package.json has no package-lock.json beside it: its dependencies are resolved anew on every build; run `npm install` to create the lock file',
        ]
      : [];
  const caCert = readCaCertificate(hostEnv['COG_CA_CERT'], options.reader);
  if (caCert !== undefined) staged.push({ path: CA_CERT_FILE, contents: caCert });
  const runCommands = build.run ?? [];
  runCommands.forEach((c) => runLine(c)); // fail early on multi-line commands
  return {
    syntax: input.syntax,
    baseImage: { kind: 'node', ref: options.nodeImage },
    runnerLanguage: 'node',
    pythonVersion: '',
    gpu: false,
    cuda: '',
    cudnn: '',
    breakSystemPackages: false,
    linkPython: false,
    caCert: caCert !== undefined,
    environment: options.environment,
    systemPackages: build.system_packages ?? [],
    preInstall: build.pre_install ?? [],
    requirements: undefined,
    sdk: undefined,
    node,
    runtime: { nodeImage: options.nodeImage, dir: input.runtimeDir ?? RUNTIME_DIR },
    uvImage: options.uvImage,
    precompile: false,
    strip: false,
    runCommands,
    predict: input.config.predict || undefined,
    train: input.config.train || undefined,
    concurrencyMax: input.concurrencyMax ?? input.config.concurrency?.max,
    dev: input.dev ?? false,
    configFileName: (input.configFile ?? 'cog.yaml').split(path.sep).join('/'),
    stagedFiles: staged,
    warnings,
    notices: caCert === undefined ? [] : ['Injecting CA certificate from COG_CA_CERT'],
    separateWeights: input.separateWeights,
  };
}

/**
 * The Node parts of any model with a TypeScript/JavaScript runner: the schemas the caller
 * computed (staged as schema/<mode>.json) and, on the Node base only, package.json and its
 * lock file. Pushes the staged files onto `staged`.
 */
export function nodeModelFiles(
  input: PlanBuildInput,
  reader: PlanReader,
  staged: StagedFile[],
  options: { withDependencies: boolean } = { withDependencies: true },
): NodeModelPlan {
  const schemaModes: NodeModelPlan['schemaModes'] = [];
  for (const mode of ['predict', 'train'] as const) {
    const text = input.nodeSchemas?.[mode];
    if (text === undefined) continue;
    staged.push({ path: `schema/${mode}.json`, contents: text });
    schemaModes.push(mode);
  }
  const packageJson = path.join(input.projectDir, 'package.json');
  if (reader.kind(packageJson) !== 'file') return { dependencies: undefined, schemaModes };
  if (!options.withDependencies) {
    throw new CogError(
      'NODE_DEPENDENCIES_NEED_NODE_BASE',
      'package.json dependencies are installed on the Node base image only, and build.python_version selects a Python one',
      { hint: 'Remove build.python_version from cog.yaml to build FROM node:24-slim.' },
    );
  }
  staged.push({ path: 'npm/package.json', copyFrom: packageJson });
  const lockFile = path.join(input.projectDir, 'package-lock.json');
  const hasLock = reader.kind(lockFile) === 'file';
  if (hasLock) staged.push({ path: 'npm/package-lock.json', copyFrom: lockFile });
  return { dependencies: { lockFile: hasLock }, schemaModes };
}

// One image build, as a list of named steps (build.md §6.2): stage `.cog/build`, plan and
// generate the Dockerfile, provide the `cog_build` context, build (weights image first with
// `--separate-weights`), get the OpenAPI schema by running the image, and — for `cog build` —
// label the result. Dev builds (run/serve/train/exec) skip `COPY . /src`, pip freeze and labels.
// Every failure is reported as `image build failed: …`; `.cog/build` and any helper image are
// removed on every exit path through the caller's cleanup stack.
import type { OpenApiDocument, PredictionMode } from '../contracts/openapi-document.ts';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CogError } from '../cog-error.ts';
import type { CogConfig } from '../config/index.ts';
import { configLabelJson } from '../config/index.ts';
import {
  findWeightPaths,
  generateDockerfile,
  generateWeightsDockerfiles,
  listProjectFiles,
  planBuild,
  NODE_SDK_DIR,
  type BuildPlan,
} from '../dockerfile/index.ts';
import type { BuildSecret } from './build-secrets.ts';
import {
  contextIgnoreRules,
  createStagingDir,
  findRuntimeArtefacts,
  nodeArtefacts,
  runtimeTree,
  writeDockerfile,
  stageRuntimeTree,
  writeStagedFile,
  type RuntimeArtefacts,
  type StagingDir,
} from './build-staging.ts';
import type { CleanupStack } from './cleanup-stack.ts';
import { injectStage, STAGING_IMAGE_DOCKERFILE, stripCopyLink } from './dockerfile-compat.ts';
import { dockerCall, type DockerClient } from './docker-client.ts';
import { selectImageBuilder, type ImageBuilder } from './image-builder.ts';
import { applyLabels, pipFreezeOf } from './label-image.ts';
import { currentOwner } from './container-owner.ts';
import { reapOrphanedBuildsOnce } from './orphan-reaper.ts';
import { lockProject } from './project-lock.ts';
import {
  dropProvisional,
  promoteProvisional,
  provisionalImageName,
  removeProvisionalOnExit,
} from './provisional-image.ts';
import { framesBuildLog, type ProgressMode } from './progress-mode.ts';
import { checkSchemaBeforeBuild, modelSchema, requireRunnerReference } from './model-schema.ts';
import { nodeModelSchemas } from './node-model-schemas.ts';

export interface BuildLog {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

export interface BuildImageOptions {
  client: DockerClient;
  stack: CleanupStack;
  projectDir: string;
  /** `-f` value, project-relative. */
  configFile: string;
  config: CogConfig;
  imageName: string;
  /** `cog build`: source copied in, pip freeze, labels. Otherwise a dev build. */
  release: boolean;
  /** Extract the schema by running the image (not for `cog exec`). */
  extractSchema: boolean;
  /** `train`: the training document only (`cog train`); default: predict merged with train. */
  schemaMode?: PredictionMode;
  /** `--openapi-schema FILE`: use this document instead of extracting one. */
  openapiSchemaFile?: string;
  progress: ProgressMode;
  noCache?: boolean;
  secrets?: readonly BuildSecret[];
  separateWeights?: boolean;
  useCudaBaseImage?: string;
  useCogBaseImage?: boolean;
  registryHost?: string;
  cogVersion: string;
  env: NodeJS.ProcessEnv;
  log: BuildLog;
  /** `--debug`: the full Python traceback (SDK frames included) when the schema step fails. */
  debug?: boolean;
  /** Hidden `--dockerfile`: build this file instead of a generated one. */
  dockerfilePath?: string;
  /** Hidden `--timestamp`: `SOURCE_DATE_EPOCH` for the build when >= 0. */
  timestamp?: number;
  /** Extra labels (e.g. `run.cog.push_id`). */
  annotations?: Readonly<Record<string, string>>;
  /**
   * `.cog/weights.json` (the weights projection, weights.md §5.4) for a project with `weights:`:
   * written to the project's `.cog/` (seen at /src/.cog/ when the project is mounted) and
   * copied into release images beside the schema.
   */
  weightsJson?: string;
  signal?: AbortSignal;
}

export interface BuiltImage {
  name: string;
  /** The model's OpenAPI document (undefined when not extracted). */
  schema: OpenApiDocument | undefined;
  /** The schema as it went into the label / `.cog/openapi_schema.json`. */
  schemaText: string | undefined;
}

export async function buildImage(options: BuildImageOptions): Promise<BuiltImage> {
  let finished: Array<() => Promise<void>> = [];
  try {
    requireRunnerReference(options);
    await checkSchemaBeforeBuild(options);
    const builder = await selectImageBuilder(options.client, options.env);
    const unlock = await lockProject(options.projectDir, options.stack, {
      onWait: (pid) =>
        options.log.info(
          `Waiting for another cog command (pid ${pid}) to finish building this project...`,
        ),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const staging = await createStagingDir(options.projectDir, options.stack);
    // The staging dir and the lock are only needed while building.
    finished = [staging.remove, unlock];
    if (options.weightsJson !== undefined)
      await writeFile(path.join(options.projectDir, '.cog', 'weights.json'), options.weightsJson);
    // Built, inspected and labelled under a provisional name; the user's tag moves last.
    // What builds killed outright left behind goes first (the reaper decides whose is gone).
    await reapOrphanedBuildsOnce(options.client);
    const provisional = provisionalImageName(currentOwner());
    removeProvisionalOnExit(options.client, options.stack, provisional);
    const prepared =
      options.dockerfilePath === undefined
        ? await prepareGenerated(options, builder, staging)
        : await prepareCustom(options, staging);
    await builder.build(
      {
        contextDir: options.projectDir,
        dockerfile: staging.dockerfile,
        tag: provisional,
        progress: options.progress,
        ...(prepared.contexts === undefined ? {} : { buildContexts: prepared.contexts }),
        secrets: options.secrets ?? [],
        noCache: options.noCache === true,
        ...(options.timestamp !== undefined && options.timestamp >= 0
          ? { buildArgs: { SOURCE_DATE_EPOCH: String(options.timestamp) } }
          : {}),
      },
      options.signal,
    );
    // Both run a container on the new image; doing them side by side saves one container start.
    // Both are awaited even when one fails, so no container still uses the image when the
    // cleanup removes it.
    const [schema, pipFreeze] = await settleBoth(
      modelSchema({ ...options, imageName: provisional }),
      // A Node model has no Python: nothing to freeze.
      options.release && prepared.python !== false
        ? pipFreezeOf({ client: options.client, stack: options.stack, image: provisional })
        : Promise.resolve(''),
    );
    if (options.release) {
      const gap = framesBuildLog(options.progress, process.stderr.isTTY === true) ? '\n' : '';
      options.log.info(`Adding labels to image...${gap}`);
      await applyLabels({
        client: options.client,
        stack: options.stack,
        builder,
        staging,
        image: provisional,
        progress: options.progress,
        cogVersion: options.cogVersion,
        configJson: configLabelJson(options.config, prepared.resolved),
        schemaText: schema.text ?? '',
        projectDir: options.projectDir,
        env: options.env,
        cogBaseImage: prepared.cogBaseImage,
        annotations: options.annotations ?? {},
        pipFreeze,
        ...(options.weightsJson === undefined ? {} : { weightsJson: options.weightsJson }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
    }
    await promoteProvisional(options.client, provisional, options.imageName);
    // Dropped now rather than when the command ends: `cog run` lives on for the prediction.
    await dropProvisional(options.client, provisional);
    return { name: options.imageName, schema: schema.doc, schemaText: schema.text };
  } catch (error) {
    throw wrapBuildError(error);
  } finally {
    for (const release of finished) await release().catch(() => undefined);
  }
}

/** Like Promise.all for two, but rejects (with the first failure) only after both settled. */
async function settleBoth<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === 'rejected') throw ra.reason;
  if (rb.status === 'rejected') throw rb.reason;
  return [ra.value, rb.value];
}

interface PreparedBuild {
  /** Named contexts for the main build. */
  contexts?: Record<string, string>;
  /** CUDA/cuDNN as resolved, for the config label. */
  resolved: { cuda?: string; cudnn?: string };
  cogBaseImage?: string;
  /** False for a Node model built FROM the Node image (no pip freeze). */
  python?: boolean;
}

/** The plan's warnings and notices (e.g. the injected CA certificate), before anything is built. */
export function reportPlan(plan: Pick<BuildPlan, 'warnings' | 'notices'>, log: BuildLog): void {
  for (const warning of plan.warnings) log.warn(warning);
  for (const notice of plan.notices) log.info(notice);
}

/** The usual path: plan, stage, generate the Dockerfile (and build the weights image first). */
async function prepareGenerated(
  options: BuildImageOptions,
  builder: ImageBuilder,
  staging: StagingDir,
): Promise<PreparedBuild> {
  const artefacts = findRuntimeArtefacts(options.env);
  const plan = await makePlan(options, artefacts);
  reportPlan(plan, options.log);
  await stageFiles(staging, plan, artefacts);
  const cogBuild = await provideCogBuildContext(options, builder, staging);
  const dockerfile = await writeMainDockerfile(options, builder, staging, plan, cogBuild);
  options.log.debug(`Dockerfile:\n${dockerfile}`);
  if (plan.separateWeights !== undefined) await buildWeightsImage(options, builder, staging, plan);
  return {
    ...(cogBuild.contexts === undefined ? {} : { contexts: cogBuild.contexts }),
    resolved: { cuda: plan.cuda, cudnn: plan.cudnn },
    ...(plan.baseImage.kind === 'cog-base' ? { cogBaseImage: plan.baseImage.ref } : {}),
    python: plan.baseImage.kind !== 'node',
  };
}

/**
 * Hidden `--dockerfile`: the user's Dockerfile with the project as context (minus `.cog/`). A
 * cog.yaml concurrency is appended as `ENV COG_MAX_CONCURRENCY` (the original used a wrapper
 * build for the same effect).
 */
async function prepareCustom(
  options: BuildImageOptions,
  staging: StagingDir,
): Promise<PreparedBuild> {
  const file = path.resolve(options.projectDir, options.dockerfilePath ?? '');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CogError(
      'DOCKERFILE_UNREADABLE',
      `Failed to read Dockerfile at ${file}: ${(error as Error).message}`,
    );
  }
  const max = options.config.concurrency?.max;
  if (max !== undefined) text = `${text.trimEnd()}\nENV COG_MAX_CONCURRENCY=${max}\n`;
  await writeDockerfile(staging.dockerfile, text, await contextIgnoreRules(options.projectDir));
  return { resolved: {} };
}

async function makePlan(
  options: BuildImageOptions,
  artefacts: RuntimeArtefacts,
): Promise<BuildPlan> {
  const localImages = await localImageNames(options.client);
  const separateWeights = options.separateWeights === true ? weightsFor(options) : undefined;
  const nodeSchemas = await nodeModelSchemas(options);
  return planBuild({
    nodeSchemas,
    config: options.config,
    projectDir: options.projectDir,
    configFile: options.configFile,
    sdkWheel: { fileName: artefacts.wheelFileName, version: artefacts.wheelVersion },
    hostEnv: options.env,
    dev: !options.release,
    ...(options.env.COG_NODE_IMAGE ? { nodeImage: options.env.COG_NODE_IMAGE } : {}),
    ...(options.useCudaBaseImage === undefined
      ? {}
      : { useCudaBaseImage: options.useCudaBaseImage }),
    ...(options.useCogBaseImage === undefined ? {} : { useCogBaseImage: options.useCogBaseImage }),
    // Offline, auto mode only considers cog-base when such images are in the local store at all;
    // otherwise every build would print the "continuing without base image" fallback warning.
    ...(options.useCogBaseImage !== undefined ||
    [...localImages].some((ref) => /(^|\/)cog-base:/.test(ref))
      ? { cogBaseImageExists: (ref: string) => localImages.has(ref) }
      : {}),
    ...(options.registryHost === undefined ? {} : { registryHost: options.registryHost }),
    ...(separateWeights === undefined ? {} : { separateWeights }),
  });
}

function weightsFor(options: BuildImageOptions): BuildPlan['separateWeights'] {
  return {
    imageName: `${options.imageName}-weights`,
    entries: findWeightPaths(listProjectFiles(options.projectDir)),
  };
}

async function localImageNames(client: DockerClient): Promise<Set<string>> {
  const images = await dockerCall(client, () => client.api.listImages());
  return new Set(images.flatMap((image) => image.RepoTags ?? []));
}

async function stageFiles(
  staging: StagingDir,
  plan: BuildPlan,
  artefacts: RuntimeArtefacts,
): Promise<void> {
  for (const file of plan.stagedFiles) await writeStagedFile(staging, file);
  if (plan.sdk?.kind === 'wheel-file' && plan.sdk.bundled) {
    await writeStagedFile(staging, { path: plan.sdk.fileName, copyFrom: artefacts.wheel });
  }
  await stageRuntimeTree(staging, plan.runtime.dir, runtimeTree(plan, artefacts));
  // On the Node base cog-sdk is copied on its own, after the npm step.
  if (plan.node !== undefined && plan.baseImage.kind === 'node') {
    for (const file of nodeArtefacts(artefacts).sdkFiles)
      await writeStagedFile(staging, { path: `${NODE_SDK_DIR}/${file.name}`, copyFrom: file.path });
  }
}

interface CogBuildContext {
  /** Named contexts for buildx, when the builder supports them. */
  contexts?: Record<string, string>;
  /** Otherwise a staging image declared as the `cog_build` stage. */
  stageImage?: string;
}

/** `--build-context cog_build=.cog/build`, or on an old BuildKit the same files as a tiny image. */
async function provideCogBuildContext(
  options: BuildImageOptions,
  builder: ImageBuilder,
  staging: StagingDir,
): Promise<CogBuildContext> {
  if (builder.namedContexts) return { contexts: { cog_build: staging.dir } };
  const tag = `cog-build-staging:${createHash('sha256').update(options.projectDir).digest('hex').slice(0, 16)}`;
  options.stack.defer(async () => {
    await options.client.api
      .getImage(tag)
      .remove({ noprune: false })
      .catch(() => undefined);
  });
  const dockerfile = path.join(path.dirname(staging.dir), 'staging.Dockerfile');
  options.stack.defer(async () => {
    const { rm } = await import('node:fs/promises');
    await rm(dockerfile, { force: true });
    await rm(`${dockerfile}.dockerignore`, { force: true });
  });
  await writeDockerfile(dockerfile, STAGING_IMAGE_DOCKERFILE, '');
  await builder.build(
    { contextDir: staging.dir, dockerfile, tag, progress: 'quiet' },
    options.signal,
  );
  return { stageImage: tag };
}

async function writeMainDockerfile(
  options: BuildImageOptions,
  builder: ImageBuilder,
  staging: StagingDir,
  plan: BuildPlan,
  cogBuild: CogBuildContext,
): Promise<string> {
  const weights = plan.separateWeights === undefined ? undefined : generateWeightsDockerfiles(plan);
  let text = weights?.runner ?? generateDockerfile(plan);
  if (cogBuild.stageImage !== undefined) text = injectStage(text, 'cog_build', cogBuild.stageImage);
  if (!builder.copyLink) text = stripCopyLink(text);
  await writeDockerfile(
    staging.dockerfile,
    text,
    await contextIgnoreRules(options.projectDir, [
      ...(weights?.excludePatterns ?? []),
      // The image installs a Node model's packages into /node_modules itself; a host
      // node_modules in /src would shadow them (and may hold another platform's binaries).
      ...(plan.node !== undefined ? ['node_modules'] : []),
    ]),
  );
  return text;
}

async function buildWeightsImage(
  options: BuildImageOptions,
  builder: ImageBuilder,
  staging: StagingDir,
  plan: BuildPlan,
): Promise<void> {
  const weights = generateWeightsDockerfiles(plan);
  const dockerfile = path.join(staging.dir, 'weights', 'Dockerfile');
  await writeDockerfile(dockerfile, weights.weights, '.cog\n');
  await builder.build(
    {
      contextDir: options.projectDir,
      dockerfile,
      tag: plan.separateWeights?.imageName ?? `${options.imageName}-weights`,
      progress: options.progress,
      noCache: options.noCache === true,
      secrets: options.secrets ?? [],
    },
    options.signal,
  );
}

function wrapBuildError(error: unknown): unknown {
  if (!(error instanceof CogError)) return error;
  if (
    error.code === 'DOCKER_UNREACHABLE' ||
    error.code === 'DOCKER_PERMISSION_DENIED' ||
    error.code === 'INTERRUPTED'
  )
    return error;
  if (error.message.startsWith('image build failed: ')) return error;
  return new CogError(error.code, `image build failed: ${error.message}`, {
    cause: error,
    ...(error.hint === undefined ? {} : { hint: error.hint }),
    ...(error.position === undefined ? {} : { position: error.position }),
  });
}

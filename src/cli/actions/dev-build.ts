// The dev image every interactive command builds (run/predict, train, serve, exec): the
// project's environment without its source (the project is mounted at /src instead), named
// after the project directory.
import type { PredictionMode } from '../../contracts/openapi-document.ts';
import type { LoadedConfig } from '../../config/index.ts';
import { defaultImageName } from '../../config/index.ts';
import { buildImage, type BuiltImage } from '../../image/build-image.ts';
import type { CleanupStack } from '../../image/cleanup-stack.ts';
import type { DockerClient } from '../../image/docker-client.ts';
import { framesBuildLog, type ProgressMode } from '../../image/progress-mode.ts';
import type { CommandContext } from '../command-context.ts';
import type { BaseImageFlags } from '../flags.ts';
import { cogVersion } from '../version.ts';
import { weightsForBuild } from './check-weights-drift.ts';
import { buildLog } from './load-project.ts';

export interface DevBuildOptions {
  client: DockerClient;
  stack: CleanupStack;
  project: LoadedConfig;
  progress: ProgressMode;
  /** The command's `--use-cuda-base-image` / `--use-cog-base-image`. */
  flags: BaseImageFlags;
  /** `cog exec` and `cog serve` work without a runner, so they skip the schema. */
  extractSchema: boolean;
  /** `cog train`: only the training schema, so the runner's file need not import. */
  schemaMode?: PredictionMode;
}

export async function buildDevImage(
  options: DevBuildOptions,
  signal: AbortSignal,
  context: CommandContext,
): Promise<BuiltImage> {
  const { useCudaBaseImage, useCogBaseImage } = options.flags;
  const weightsJson = await weightsForBuild(options.project);
  context.console.info(
    `Building Docker image from environment in cog.yaml...${framesBuildLog(options.progress, process.stderr.isTTY === true) ? '\n' : ''}`,
  );
  return buildImage({
    client: options.client,
    stack: options.stack,
    projectDir: options.project.projectDir,
    configFile: options.project.configFile,
    config: options.project.config,
    imageName: defaultImageName(options.project.projectDir),
    release: false,
    extractSchema: options.extractSchema,
    ...(options.schemaMode === undefined ? {} : { schemaMode: options.schemaMode }),
    progress: options.progress,
    useCudaBaseImage,
    ...(useCogBaseImage === undefined ? {} : { useCogBaseImage }),
    registryHost: context.registryHost,
    cogVersion: cogVersion(),
    env: context.env,
    log: buildLog(context),
    debug: context.debug,
    ...(weightsJson === undefined ? {} : { weightsJson }),
    signal,
  });
}

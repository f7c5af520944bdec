// The dev image every interactive command builds (run/predict, train, serve, exec): the
// project's environment without its source (the project is mounted at /src instead), named
// after the project directory.
import type { LoadedConfig } from '../../config/index.ts';
import { defaultImageName } from '../../config/index.ts';
import { buildImage, type BuiltImage } from '../../image/build-image.ts';
import type { CleanupStack } from '../../image/cleanup-stack.ts';
import type { DockerClient } from '../../image/docker-client.ts';
import type { ProgressMode } from '../../image/progress-mode.ts';
import type { CommandContext } from '../command-context.ts';
import { cogVersion } from '../version.ts';
import { buildLog } from './load-project.ts';

export interface DevBuildOptions {
  client: DockerClient;
  stack: CleanupStack;
  project: LoadedConfig;
  file: string;
  progress: ProgressMode;
  useCudaBaseImage: string;
  useCogBaseImage: boolean | undefined;
  /** `cog exec` works without a runner, so it skips the schema. */
  extractSchema: boolean;
  signal: AbortSignal;
}

export async function buildDevImage(
  options: DevBuildOptions,
  context: CommandContext,
): Promise<BuiltImage> {
  context.console.info('Building Docker image from environment in cog.yaml...\n');
  return buildImage({
    client: options.client,
    stack: options.stack,
    projectDir: options.project.projectDir,
    configFile: options.project.configFile,
    config: options.project.config,
    imageName: defaultImageName(options.project.projectDir),
    release: false,
    extractSchema: options.extractSchema,
    progress: options.progress,
    useCudaBaseImage: options.useCudaBaseImage,
    ...(options.useCogBaseImage === undefined ? {} : { useCogBaseImage: options.useCogBaseImage }),
    registryHost: context.registryHost,
    cogVersion: cogVersion(),
    env: context.env,
    log: buildLog(context),
    signal: options.signal,
  });
}

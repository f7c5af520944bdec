// The shared build of `cog build` and `cog push`: the release image (source copied in, labels,
// schema) under a given name, from the `image-build` flag group. Push adds its push id label.
import { resolveModelRef, type LoadedConfig } from '../../config/index.ts';
import { buildImage, type BuiltImage } from '../../image/build-image.ts';
import { parseSecrets } from '../../image/build-secrets.ts';
import { withCleanup } from '../../image/cleanup-stack.ts';
import type { DockerClient } from '../../image/docker-client.ts';
import { framesBuildLog, type ProgressMode } from '../../image/progress-mode.ts';
import type { CommandContext } from '../command-context.ts';
import type { ImageBuildFlags } from '../flags.ts';
import { cogVersion } from '../version.ts';
import { weightsForBuild } from './check-weights-drift.ts';
import { buildLog } from './load-project.ts';

export interface ReleaseBuild {
  client: DockerClient;
  project: LoadedConfig;
  flags: ImageBuildFlags;
  progress: ProgressMode;
  imageName: string;
  /** False only for `cog build --skip-schema-validation`. */
  extractSchema: boolean;
  /** `cog build --timestamp`; -1 or absent: none. */
  timestamp?: number;
  annotations?: Readonly<Record<string, string>>;
}

export async function buildReleaseImage(
  request: ReleaseBuild,
  context: CommandContext,
): Promise<BuiltImage> {
  const { flags, project } = request;
  const secrets = parseSecrets(flags.secrets, project.projectDir);
  const weightsJson = await weightsForBuild(project);
  // The blank lines frame BuildKit's log; `--progress quiet` has none, so none are printed.
  const gap = framesBuildLog(request.progress, process.stderr.isTTY === true) ? '\n' : '';
  context.console.info(
    `Building Docker image from environment in cog.yaml as ${context.console.bold(request.imageName)}...${gap}`,
  );
  // COG_MODEL* errors surface before the build starts (build.md §6.2 step 4).
  resolveModelRef(project.config, context.env, context.registryHost);
  return withCleanup((stack, scope) =>
    buildImage({
      client: request.client,
      stack,
      projectDir: project.projectDir,
      configFile: project.configFile,
      config: project.config,
      imageName: request.imageName,
      release: true,
      extractSchema: request.extractSchema,
      ...(flags.openapiSchema === undefined ? {} : { openapiSchemaFile: flags.openapiSchema }),
      progress: request.progress,
      noCache: flags.noCache,
      secrets,
      separateWeights: flags.separateWeights,
      ...(flags.dockerfile === undefined ? {} : { dockerfilePath: flags.dockerfile }),
      ...(request.timestamp === undefined ? {} : { timestamp: request.timestamp }),
      useCudaBaseImage: flags.useCudaBaseImage,
      ...(flags.useCogBaseImage === undefined ? {} : { useCogBaseImage: flags.useCogBaseImage }),
      ...(request.annotations === undefined ? {} : { annotations: request.annotations }),
      registryHost: context.registryHost,
      cogVersion: cogVersion(),
      env: context.env,
      log: buildLog(context),
      debug: context.debug,
      ...(weightsJson === undefined ? {} : { weightsJson }),
      signal: scope.signal,
    }),
  );
}

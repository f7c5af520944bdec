// `cog build` (cli.md §2): load cog.yaml, name the image, build it with labels, print the name.
import { resolveImageName } from '../../config/index.ts';
import { buildImage } from '../../image/build-image.ts';
import { parseSecrets } from '../../image/build-secrets.ts';
import { withCleanup } from '../../image/cleanup-stack.ts';
import { connectDocker } from '../../image/docker-client.ts';
import { parseProgressMode } from '../../image/progress-mode.ts';
import type { CommandContext } from '../command-context.ts';
import type { BuildOptions } from '../commands/build.ts';
import { cogVersion } from '../version.ts';
import { buildLog, loadProject } from './load-project.ts';

export async function buildAction(options: BuildOptions, context: CommandContext): Promise<void> {
  const progress = parseProgressMode(options.progress, context.env);
  const client = await connectDocker(context.env);
  const { projectDir, config, configFile: loadedConfigFile } = loadProject(options.file, context);
  const imageName = resolveImageName(config, projectDir, options.tag);
  const secrets = parseSecrets(options.secrets, projectDir);
  context.console.info(
    `Building Docker image from environment in cog.yaml as ${context.console.bold(imageName)}...\n`,
  );
  await withCleanup((stack, scope) =>
    buildImage({
      client,
      stack,
      projectDir,
      configFile: loadedConfigFile,
      config,
      imageName,
      release: true,
      extractSchema: !options.skipSchemaValidation,
      ...(options.openapiSchema === undefined ? {} : { openapiSchemaFile: options.openapiSchema }),
      progress,
      noCache: options.noCache,
      secrets,
      separateWeights: options.separateWeights,
      ...(options.dockerfile === undefined ? {} : { dockerfilePath: options.dockerfile }),
      timestamp: options.timestamp,
      useCudaBaseImage: options.useCudaBaseImage,
      ...(options.useCogBaseImage === undefined
        ? {}
        : { useCogBaseImage: options.useCogBaseImage }),
      registryHost: context.registryHost,
      cogVersion: cogVersion(),
      env: context.env,
      log: buildLog(context),
      signal: scope.signal,
    }),
  );
  context.console.info('');
  context.console.success(`Image built as ${context.console.bold(imageName)}`);
}

// `cog build` (cli.md §2): load cog.yaml, name the image, build it with labels, print the name.
import { resolveImageName } from '../../config/index.ts';
import { connectDocker, localImageId } from '../../image/docker-client.ts';
import { framesBuildLog, parseProgressMode } from '../../image/progress-mode.ts';
import type { CommandContext } from '../command-context.ts';
import type { BuildOptions } from '../commands/build.ts';
import { buildResultJson } from './build-result-json.ts';
import { loadProject } from './load-project.ts';
import { buildReleaseImage } from './release-build.ts';

export async function buildAction(options: BuildOptions, context: CommandContext): Promise<void> {
  const progress = parseProgressMode(options.progress, context.env);
  const client = await connectDocker(context.env);
  const project = loadProject(options.file, context);
  const imageName = resolveImageName(project.config, project.projectDir, options.tag);
  const built = await buildReleaseImage(
    {
      client,
      project,
      flags: options,
      progress,
      imageName,
      extractSchema: !options.skipSchemaValidation,
      timestamp: options.timestamp,
    },
    context,
  );
  if (framesBuildLog(progress, process.stderr.isTTY === true)) context.console.info('');
  context.console.success(`Image built as ${context.console.bold(imageName)}`);
  if (options.json) {
    const id = await localImageId(client, imageName);
    context.console.output(buildResultJson({ image: imageName, id, schema: built.schema ?? null }));
  }
}

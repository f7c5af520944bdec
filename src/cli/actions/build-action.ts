// `cog build` (cli.md §2): load cog.yaml, name the image, build it with labels, print the name.
import { resolveImageName } from '../../config/index.ts';
import { connectDocker } from '../../image/docker-client.ts';
import { parseProgressMode } from '../../image/progress-mode.ts';
import type { CommandContext } from '../command-context.ts';
import type { BuildOptions } from '../commands/build.ts';
import { loadProject } from './load-project.ts';
import { buildReleaseImage } from './release-build.ts';

export async function buildAction(options: BuildOptions, context: CommandContext): Promise<void> {
  const progress = parseProgressMode(options.progress, context.env);
  const client = await connectDocker(context.env);
  const project = loadProject(options.file, context);
  const imageName = resolveImageName(project.config, project.projectDir, options.tag);
  await buildReleaseImage(
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
  context.console.info('');
  context.console.success(`Image built as ${context.console.bold(imageName)}`);
}

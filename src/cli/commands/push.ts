// `cog push [IMAGE]`: build and push the model to a registry (spec cli.md §11.3). Same build
// flags as `cog build` except `-t`, `--timestamp` and `--skip-schema-validation`.
import type { Command } from 'commander';
import { readImageBuildFlags, type ImageBuildFlags, type RawOptions } from '../flags.ts';
import { checkArgCount, contextFor, type CliIo } from '../command-action.ts';
import { addFlagGroup } from './flag-groups.ts';

export interface PushOptions extends ImageBuildFlags {
  /** Positional IMAGE: where to push when cog.yaml names no `image:`/`model:`. */
  image: string | undefined;
  /** `--json`: the result (image, ID, digest, schema) as JSON on stdout. */
  json: boolean;
}

export function readPushOptions(
  args: readonly string[],
  raw: RawOptions,
  env: NodeJS.ProcessEnv,
): PushOptions {
  return {
    ...readImageBuildFlags(raw, env),
    image: args[0],
    json: raw['json'] === true,
  };
}

export function registerPush(program: Command, io: CliIo): void {
  const command = program
    .command('push')
    .summary('Build and push model in current directory to a Docker registry')
    .description('Build the model in the current directory and push it to a Docker registry.')
    .argument('[IMAGE]', "the image to push to (default: 'image' or 'model' in cog.yaml)")
    .option('--json', 'Print the result (image name, image ID, digest, schema) as JSON on stdout');
  addFlagGroup(command, 'image-build');
  command.addHelpText(
    'after',
    `
Examples:
  Push to Replicate:
    $ cog push r8.im/your-username/my-model

  Push to the image named in cog.yaml:
    $ cog push`,
  );
  command.action(async (_image: unknown, _options: RawOptions, cmd: Command) => {
    checkArgCount(cmd, cmd.args, { max: 1 });
    const options = readPushOptions(cmd.args, cmd.opts(), io.env);
    const { pushAction } = await import('../actions/push-action.ts');
    await pushAction(options, contextFor(io, cmd));
  });
}

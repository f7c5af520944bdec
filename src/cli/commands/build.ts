// `cog build`: build an image from cog.yaml (spec cli.md §2). Flags and help here; the
// Docker work is in actions/build-action.ts, imported only when the command runs.
import type { Command } from 'commander';
import {
  checkBaseImageExclusive,
  numberOf,
  readImageBuildFlags,
  stringOf,
  type ImageBuildFlags,
  type RawOptions,
} from '../flags.ts';
import { Option } from 'commander';
import { checkArgCount, contextFor, type CliIo } from '../command-action.ts';
import { addFlagGroup, addFlags } from './flag-groups.ts';

export interface BuildOptions extends ImageBuildFlags {
  /** `-t, --tag`: image name; overrides `image:`/`model:` in cog.yaml. */
  tag: string | undefined;
  /** Hidden `--timestamp`: reproducible layer timestamp, -1 disables. */
  timestamp: number;
  /** Hidden `--skip-schema-validation`. */
  skipSchemaValidation: boolean;
  /** `--json`: the result (image, ID, schema) as JSON on stdout. */
  json: boolean;
}

export function readBuildOptions(raw: RawOptions, env: NodeJS.ProcessEnv): BuildOptions {
  return {
    ...readImageBuildFlags(raw, env),
    tag: stringOf(raw['tag']),
    timestamp: numberOf(raw['timestamp'], -1),
    skipSchemaValidation: raw['skipSchemaValidation'] === true,
    json: raw['json'] === true,
  };
}

export function registerBuild(program: Command, io: CliIo): void {
  const command = program
    .command('build')
    .summary('Build an image from cog.yaml')
    .description(
      'Build a Docker image from the cog.yaml in the current directory (or a parent directory).',
    )
    .option('-t, --tag <name>', "A name for the built image in the form 'repository:tag'")
    .option('--json', 'Print the result (image name, image ID, schema) as JSON on stdout');
  addFlagGroup(command, 'image-build');
  addFlags(command, 'timestamp');
  command.addOption(
    new Option(
      '--skip-schema-validation',
      'Skip OpenAPI schema generation and validation',
    ).hideHelp(),
  );
  command.addHelpText(
    'after',
    `
Examples:
  Build the model in the current directory, tagged with its default name:
    $ cog build

  Build and tag the image:
    $ cog build -t my-model

  Build on a plain Python base image instead of the Cog base image:
    $ cog build --use-cog-base-image=false`,
  );
  command.action(async (_options: RawOptions, cmd: Command) => {
    checkArgCount(cmd, cmd.args, { max: 0 });
    checkBaseImageExclusive(cmd);
    const options = readBuildOptions(cmd.opts(), io.env);
    const { buildAction } = await import('../actions/build-action.ts');
    await buildAction(options, contextFor(io, cmd));
  });
}

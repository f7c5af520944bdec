// The flags several commands share (spec cli.md §1.5), each defined once with the original's
// help text, and the named groups commands register them in. A command adds a group with
// `addFlagGroup(command, 'model-environment')`, or single flags with `addFlags(command, ...)`;
// the order of the names is the order in `--help`. The typed readers are in ../flags.ts.
import { Option, type Command } from 'commander';
import { collect, parseIntegerFlag } from '../flags.ts';

export type SharedFlag =
  | 'input'
  | 'env'
  | 'publish'
  | 'gpus'
  | 'progress'
  | 'base-image'
  | 'file'
  | 'dockerfile'
  | 'secret'
  | 'no-cache'
  | 'separate-weights'
  | 'openapi-schema'
  | 'strip'
  | 'precompile'
  | 'timestamp';

const definitions: Record<SharedFlag, (command: Command) => void> = {
  input: (command) =>
    command.option(
      '-i, --input <name=value>',
      'Inputs, in the form name=value. if value is prefixed with @, then it is read from a file on disk. E.g. -i path=@image.jpg',
      collect,
    ),
  env: (command) =>
    command.option(
      '-e, --env <name=value>',
      'Environment variables, in the form name=value',
      collect,
    ),
  publish: (command) =>
    command.option(
      '-p, --publish <port>',
      "Publish a container's port to the host, e.g. -p 8000 or -p 0.0.0.0:8000",
      collect,
    ),
  gpus: (command) =>
    command.option(
      '--gpus <devices>',
      'GPU devices to add to the container, in the same format as `docker run --gpus`.',
    ),
  progress: (command) =>
    command.option(
      '--progress <type>',
      "Set type of build progress output, 'auto' (default), 'tty', 'plain', or 'quiet'",
    ),
  'base-image': (command) => {
    command.option(
      '--use-cuda-base-image <value>',
      "Use Nvidia CUDA base image, 'true' (default) or 'false' (use python base image). False results in a smaller image but may cause problems for non-torch projects",
      'auto',
    );
    command.option('--use-cog-base-image', 'Use pre-built Cog base image for faster cold boots');
    // Target of `--use-cog-base-image=false` after argv normalisation; not shown in help.
    command.addOption(new Option('--no-use-cog-base-image').hideHelp());
  },
  file: (command) =>
    command.option('-f, --file <name>', 'The name of the config file.', 'cog.yaml'),
  dockerfile: (command) =>
    command.addOption(
      new Option(
        '--dockerfile <path>',
        'Path to a Dockerfile. If set, cog will use this Dockerfile instead of generating one from cog.yaml',
      ).hideHelp(),
    ),
  secret: (command) =>
    command.option(
      '--secret <secret>',
      "Secrets to pass to the build environment in the form 'id=foo,src=/path/to/file'",
      collect,
    ),
  'no-cache': (command) => command.option('--no-cache', 'Do not use cache when building the image'),
  'separate-weights': (command) =>
    command.option('--separate-weights', 'Separate model weights from code in image layers'),
  'openapi-schema': (command) =>
    command.option('--openapi-schema <file>', 'Load OpenAPI schema from a file'),
  strip: (command) =>
    command.addOption(
      new Option(
        '--strip',
        'Whether to strip shared libraries for faster inference times',
      ).hideHelp(),
    ),
  precompile: (command) =>
    command.addOption(
      new Option(
        '--precompile',
        'Whether to precompile python files for faster load times',
      ).hideHelp(),
    ),
  timestamp: (command) =>
    command.addOption(
      new Option(
        '--timestamp <seconds>',
        'Number of seconds since Epoch to use for the build timestamp; -1 disables it',
      )
        .argParser(parseIntegerFlag('--timestamp'))
        .hideHelp(),
    ),
};

/** Named groups, in help order. */
export const flagGroups = {
  /** run, predict, train, exec: the dev image's build and the container's devices. */
  'model-environment': ['gpus', 'progress', 'base-image', 'file', 'dockerfile'],
  /** build and push (push has no `-t`, `--timestamp` or schema skip). */
  'image-build': [
    'secret',
    'no-cache',
    'separate-weights',
    'openapi-schema',
    'base-image',
    'progress',
    'file',
    'dockerfile',
    'strip',
    'precompile',
  ],
} as const satisfies Record<string, readonly SharedFlag[]>;

export type FlagGroup = keyof typeof flagGroups;

export function addFlags(command: Command, ...names: readonly SharedFlag[]): Command {
  for (const name of names) definitions[name](command);
  return command;
}

export function addFlagGroup(command: Command, group: FlagGroup): Command {
  return addFlags(command, ...flagGroups[group]);
}

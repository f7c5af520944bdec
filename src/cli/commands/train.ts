// `cog train [image]`: hidden and deprecated (spec cli.md §4). The deprecation line is
// printed before flags are parsed (see program.ts), as cobra does. Every output goes to a
// file (`-o`, default `weights`). The action (actions/train-action.ts) owns TrainOptions.
import type { Command } from 'commander';
import { arrayOf, readDevImageFlags, stringOf, type RawOptions } from '../flags.ts';
import type { TrainOptions } from '../actions/train-action.ts';
import { checkArgCount, contextFor, type CliIo } from '../command-action.ts';
import { addFlagGroup, addFlags } from './flag-groups.ts';
import { addRemoteFlags, readRemoteFlags } from './remote-flags.ts';

export const trainDeprecationWarning =
  'Command "train" is deprecated, the train command will be removed in a future version of Cog';

export function readTrainOptions(
  args: readonly string[],
  raw: RawOptions,
  env: NodeJS.ProcessEnv,
): TrainOptions {
  return {
    ...readDevImageFlags(raw, env),
    image: args[0],
    inputs: arrayOf(raw['input']),
    output: stringOf(raw['output']) ?? 'weights',
    env: arrayOf(raw['env']),
    dockerfile: stringOf(raw['dockerfile']),
    remote: readRemoteFlags(raw),
  };
}

export function registerTrain(program: Command, io: CliIo): void {
  const command = program
    .command('train', { hidden: true })
    .summary('Run a training')
    .description(
      `Run a training.

If 'image' is passed, it will run the training on that Docker image.
It must be an image that has been built by Cog.

Otherwise, it will build the model in the current directory and train it.`,
    )
    .argument('[image]', 'a Docker image built by Cog (default: build the current project)');
  addFlags(command, 'input', 'env');
  command.option('-o, --output <path>', 'Output path', 'weights');
  addFlagGroup(command, 'model-environment');
  addRemoteFlags(command);
  command.addHelpText(
    'after',
    `
Examples:
  Train with an input file, writing the trained weights to ./weights:
    $ cog train -i training_data=@data.zip`,
  );
  command.action(async (_image: unknown, _options: RawOptions, cmd: Command) => {
    checkArgCount(cmd, cmd.args, { max: 1 });
    const options = readTrainOptions(cmd.args, cmd.opts(), io.env);
    const { trainAction } = await import('../actions/train-action.ts');
    await trainAction(options, contextFor(io, cmd));
  });
}

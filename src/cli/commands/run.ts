// `cog run [image]`: run one prediction (spec cli.md §3). Without an image it builds the
// model in the current project first. The hidden `cog predict` (commands/predict.ts) shares
// these flags; the action (actions/run-action.ts) owns the options type they are read into.
import { Option, type Command } from 'commander';
import {
  arrayOf,
  numberOf,
  parseIntegerFlag,
  readDevImageFlags,
  stringOf,
  type RawOptions,
} from '../flags.ts';
import type { RunOptions } from '../actions/run-action.ts';
import { checkArgCount, contextFor, type CliIo } from '../command-action.ts';
import { addFlagGroup, addFlags } from './flag-groups.ts';
import { addRemoteFlags, readRemoteFlags } from './remote-flags.ts';

export const runDescription = `Run a prediction.

If 'image' is passed, it will run the prediction on that Docker image.
It must be an image that has been built by Cog.

Otherwise, it will build the model in the current directory and run
the prediction on that.`;

export function runExamples(name: string): string {
  return `
Examples:
  Run a prediction with named inputs:
    $ cog ${name} -i prompt="a photo of a cat"

  Pass a local file as an input:
    $ cog ${name} -i image=@photo.jpg

  Pass inputs as a JSON object from stdin:
    $ echo '{"prompt": "a photo of a cat"}' | cog ${name} --json @-

  Run a prediction on a model image built earlier:
    $ cog ${name} r8.im/your-username/my-model -i prompt="a photo of a cat"

  Run it on a ColonyOS executor of that model (COLONIES_* variables, see docs/colonies.md):
    $ cog ${name} --remote colonies --executor-type my-model -i prompt="a photo of a cat"`;
}

/** The flags of `cog run` and `cog predict`. */
export function addRunFlags(command: Command): Command {
  command.argument('[image]', 'a Docker image built by Cog (default: build the current project)');
  addFlags(command, 'input');
  command.option('-o, --output <path>', 'Output path');
  addFlags(command, 'env');
  command
    .option(
      '--json <json>',
      'Pass inputs as JSON object, read from file (@inputs.json) or via stdin (@-)',
    )
    .option(
      '--use-replicate-token',
      'Pass REPLICATE_API_TOKEN from local environment into the model context',
    )
    .addOption(
      new Option('--setup-timeout <seconds>', 'The timeout for a container to setup (in seconds).')
        .argParser(parseIntegerFlag('--setup-timeout', { min: 0, max: 4294967295 }))
        .default(300),
    );
  addFlagGroup(command, 'model-environment');
  return addRemoteFlags(command);
}

export function readRunOptions(
  args: readonly string[],
  raw: RawOptions,
  env: NodeJS.ProcessEnv,
): RunOptions {
  return {
    ...readDevImageFlags(raw, env),
    image: args[0],
    inputs: arrayOf(raw['input']),
    output: stringOf(raw['output']),
    env: arrayOf(raw['env']),
    json: stringOf(raw['json']),
    useReplicateToken: raw['useReplicateToken'] === true,
    setupTimeout: numberOf(raw['setupTimeout'], 300),
    dockerfile: stringOf(raw['dockerfile']),
    remote: readRemoteFlags(raw),
  };
}

export function registerRun(program: Command, io: CliIo): void {
  const command = program.command('run').summary('Run a prediction').description(runDescription);
  addRunFlags(command);
  command.addHelpText('after', runExamples('run'));
  command.action(async (_image: unknown, _options: RawOptions, cmd: Command) => {
    checkArgCount(cmd, cmd.args, { max: 1 });
    const options = readRunOptions(cmd.args, cmd.opts(), io.env);
    const { runAction } = await import('../actions/run-action.ts');
    await runAction(options, contextFor(io, cmd));
  });
}

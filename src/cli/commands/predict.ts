// `cog predict [image]`: the hidden, deprecated name of `cog run` (renamed in 0.22). Same
// flags and action; every use first warns `"cog predict" is deprecated, use "cog run"`.
import type { Command } from 'commander';
import type { RawOptions } from '../flags.ts';
import { checkArgCount, contextFor, type CliIo } from '../command-action.ts';
import { addRunFlags, readRunOptions, runDescription, runExamples } from './run.ts';

export const predictDeprecationWarning = '"cog predict" is deprecated, use "cog run"';

export function registerPredict(program: Command, io: CliIo): void {
  const command = program
    .command('predict', { hidden: true })
    .summary('Run the model (deprecated, use cog run)')
    .description(runDescription);
  addRunFlags(command);
  command.addHelpText('after', runExamples('predict'));
  command.action(async (_image: unknown, _options: RawOptions, cmd: Command) => {
    io.console.warn(predictDeprecationWarning);
    checkArgCount(cmd, cmd.args, { max: 1 });
    const options = readRunOptions(cmd.args, cmd.opts(), io.env);
    const { runAction } = await import('../actions/run-action.ts');
    await runAction(options, contextFor(io, cmd));
  });
}

// `cog debug` (hidden): print the Dockerfile cog would build (spec cli.md §10.3, build.md §9).
// Extra positional arguments are accepted and ignored, as in the original.
import type { Command } from 'commander';
import type { RawOptions } from '../flags.ts';
import { contextFor, type CliIo } from '../command-action.ts';
import { readDebugOptions } from '../debug/debug-options.ts';
import { addFlags } from './flag-groups.ts';

export function registerDebug(program: Command, io: CliIo): void {
  const command = program
    .command('debug', { hidden: true })
    .summary('Generate a Dockerfile from cog')
    .description(
      'Print the Dockerfile that cog build would use for the project in the current directory.',
    )
    .argument('[args...]', 'ignored')
    .option('--image-name <name>', 'The image name to use for the generated Dockerfile');
  addFlags(command, 'separate-weights', 'base-image', 'file', 'timestamp', 'dockerfile');
  command.addHelpText(
    'after',
    `
Examples:
  Show the Dockerfile for the project in the current directory:
    $ cog debug

  Show the Dockerfile on a plain Python base image:
    $ cog debug --use-cog-base-image=false`,
  );
  command.action(async (_args: unknown, _options: RawOptions, cmd: Command) => {
    const options = readDebugOptions(cmd.opts());
    const { printDebugDockerfile } = await import('../debug/print-debug-dockerfile.ts');
    await printDebugDockerfile(options, contextFor(io, cmd));
  });
}

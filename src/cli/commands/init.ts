// `cog init`: write the starter files of a Cog project into the current directory
// (spec cli.md §10.1). No flags, no Docker.
import type { Command } from 'commander';
import type { RawOptions } from '../flags.ts';
import { checkArgCount, contextFor, type CliIo } from '../command-action.ts';

export function registerInit(program: Command, io: CliIo): void {
  const command = program
    .command('init')
    .summary('Configure your project for use with Cog')
    .description(
      `Configure your project for use with Cog.

Creates cog.yaml, run.py (a Runner class), requirements.txt, .dockerignore and a
GitHub Actions workflow in the current directory. Existing files are never overwritten.`,
    );
  command.addHelpText(
    'after',
    `
Examples:
  Set up a new project:
    $ mkdir my-model && cd my-model && cog init`,
  );
  command.action(async (_options: RawOptions, cmd: Command) => {
    checkArgCount(cmd, cmd.args, { max: 0 });
    const { initProject } = await import('../init/init-project.ts');
    await initProject(contextFor(io, cmd));
  });
}

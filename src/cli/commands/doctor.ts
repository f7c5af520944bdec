// `cog doctor [--fix]`: check the project for common problems (spec cli.md §10.2).
import type { Command } from 'commander';
import { readConfigFile, type ConfigFileFlags, type RawOptions } from '../flags.ts';
import { addFlags } from './flag-groups.ts';
import { checkArgCount, contextFor, type CliIo } from '../command-action.ts';

export interface DoctorOptions extends ConfigFileFlags {
  /** `--fix`: apply the automatic fixes. */
  fix: boolean;
}

export function registerDoctor(program: Command, io: CliIo): void {
  const command = program
    .command('doctor')
    .summary('Check your project for common issues and fix them')
    .description(
      `Diagnose and fix common issues in your Cog project.

By default, cog doctor reports problems without modifying any files.
Pass --fix to automatically apply safe fixes.`,
    )
    .option('--fix', 'Automatically apply fixes');
  addFlags(command, 'file');
  command.addHelpText(
    'after',
    `
Examples:
  Check the project in the current directory:
    $ cog doctor

  Check and apply the automatic fixes:
    $ cog doctor --fix`,
  );
  command.action(async (_options: RawOptions, cmd: Command) => {
    checkArgCount(cmd, cmd.args, { max: 0 });
    const raw = cmd.opts();
    const options: DoctorOptions = { ...readConfigFile(raw), fix: raw['fix'] === true };
    const { runDoctor } = await import('../doctor/run-doctor.ts');
    await runDoctor(options, contextFor(io, cmd));
  });
}

// `cog weights {import,pull,status}` (hidden, experimental managed weights, spec cli.md
// §10.5). The parent prints its experimental notice before every subcommand.
import type { Command } from 'commander';
import { readConfigFile, type ConfigFileFlags, type RawOptions } from '../flags.ts';
import { addFlags } from './flag-groups.ts';
import { checkArgCount, contextFor, type CliIo } from '../command-action.ts';

export type WeightsSubcommand = 'import' | 'pull' | 'status';

export interface WeightsOptions extends ConfigFileFlags {
  subcommand: WeightsSubcommand;
  /** Weight names (import, pull); empty means all. */
  names: string[];
  dryRun: boolean;
  verbose: boolean;
  json: boolean;
}

export const weightsNotice =
  'NOTE: cog weights is experimental. Behavior may change in future versions.\nDo not rely on it in production workflows.';

export function registerWeights(program: Command, io: CliIo): void {
  const weights = program
    .command('weights', { hidden: true })
    .summary('Manage model weights (experimental)')
    .description(
      'Import, pull and inspect managed model weights declared in cog.yaml (experimental).',
    );
  weights.hook('preAction', (_weights, actionCommand) => {
    if (actionCommand === weights) return;
    io.console.warn(weightsNotice);
    io.console.info('');
  });
  // Without a subcommand: help, exit 0 (as cobra does for a parent command); a word that is
  // not a subcommand is an unknown command.
  weights.action((_options: RawOptions, cmd: Command) => {
    checkArgCount(cmd, cmd.args, { max: 0 });
    cmd.outputHelp();
  });

  const subcommand = (name: WeightsSubcommand, summary: string, maxArgs: number): Command => {
    const command = weights.command(name).summary(summary).description(`${summary}.`);
    addFlags(command, 'file');
    command.option('-v, --verbose', 'Show detailed output');
    command.action(async (_first: unknown, ...rest: unknown[]) => {
      const cmd = rest[rest.length - 1] as Command;
      checkArgCount(cmd, cmd.args, { max: maxArgs });
      const raw: RawOptions = cmd.opts();
      const options: WeightsOptions = {
        ...readConfigFile(raw),
        subcommand: name,
        names: [...cmd.args],
        dryRun: raw['dryRun'] === true,
        verbose: raw['verbose'] === true,
        json: raw['json'] === true,
      };
      const { weightsAction } = await import('../actions/weights-action.ts');
      await weightsAction(options, contextFor(io, cmd));
    });
    return command;
  };

  subcommand(
    'import',
    'Build weight layers and push them to the model registry',
    Number.POSITIVE_INFINITY,
  )
    .argument('[name...]', 'weights to import (default: all)')
    .option('--dry-run', 'Show what would be imported without making changes');
  subcommand(
    'pull',
    'Download weights into the local weight store',
    Number.POSITIVE_INFINITY,
  ).argument('[NAME...]', 'weights to pull (default: all)');
  subcommand('status', 'Show the state of each weight', 0).option(
    '--json',
    'Print the status as JSON',
  );
}

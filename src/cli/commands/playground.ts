// `cog playground`: a local web UI for a running Cog server (spec cli.md §10.4).
import { Option, type Command } from 'commander';
import { numberOf, parseIntegerFlag, stringOf, type RawOptions } from '../flags.ts';
import { checkArgCount, contextFor, type CliIo } from '../command-action.ts';

export interface PlaygroundOptions {
  /** `-p, --port`; 0 picks a free port. */
  port: number;
  /** `--target`: the Cog server the UI talks to. */
  target: string;
  host: string;
  /** `--webhook-host`: host the model container reaches the playground on. */
  webhookHost: string;
  /** `--no-open`: do not open a browser. */
  noOpen: boolean;
}

export function readPlaygroundOptions(raw: RawOptions): PlaygroundOptions {
  return {
    port: numberOf(raw['port'], 0),
    target: stringOf(raw['target']) ?? 'http://localhost:8393',
    host: stringOf(raw['host']) ?? '127.0.0.1',
    webhookHost: stringOf(raw['webhookHost']) ?? 'host.docker.internal',
    noOpen: raw['open'] === false,
  };
}

export function registerPlayground(program: Command, io: CliIo): void {
  const command = program
    .command('playground')
    .summary('Start a web playground for a running Cog server')
    .description(
      `Start a local web UI that talks to a running Cog server (for example one started with cog serve).`,
    )
    .addOption(
      new Option('-p, --port <port>', 'Port for the playground (0 picks a free port)')
        .argParser(parseIntegerFlag('-p, --port', { min: 0, max: 65535 }))
        .default(0),
    )
    .option('--target <url>', 'URL of the Cog server', 'http://localhost:8393')
    .option('--host <ip>', 'Host IP to bind the playground to', '127.0.0.1')
    .option(
      '--webhook-host <host>',
      'Host name the model container uses to reach the playground',
      'host.docker.internal',
    )
    .option('--no-open', 'Do not open a browser');
  command.addHelpText(
    'after',
    `
Examples:
  Open the playground for a server started with cog serve:
    $ cog playground`,
  );
  command.action(async (_options: RawOptions, cmd: Command) => {
    checkArgCount(cmd, cmd.args, { max: 0 });
    const options = readPlaygroundOptions(cmd.opts());
    const { playgroundAction } = await import('../actions/playground-action.ts');
    await playgroundAction(options, contextFor(io, cmd));
  });
}

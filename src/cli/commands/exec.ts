// `cog exec <command> [arg...]`: run an arbitrary command in the project's environment
// (spec cli.md §9). Flags must come before the command: everything from the first
// positional on belongs to the command (argv-normalizer.ts inserts the `--`).
import type { Command } from 'commander';
import {
  arrayOf,
  checkBaseImageExclusive,
  readDevImageFlags,
  stringOf,
  type DevImageFlags,
  type RawOptions,
} from '../flags.ts';
import { checkArgCount, contextFor, type CliIo } from '../command-action.ts';
import { addFlagGroup, addFlags } from './flag-groups.ts';

export interface ExecOptions extends DevImageFlags {
  /** The command and its arguments, verbatim. */
  command: string[];
  /** `-p, --publish`: `8000`, `0.0.0.0:8000`, `[::1]:8000`, ... */
  publish: string[];
  env: string[];
  /** Hidden `--dockerfile`: registered, ignored. */
  dockerfile: string | undefined;
}

export function readExecOptions(
  args: readonly string[],
  raw: RawOptions,
  env: NodeJS.ProcessEnv,
): ExecOptions {
  return {
    ...readDevImageFlags(raw, env),
    command: [...args],
    publish: arrayOf(raw['publish']),
    env: arrayOf(raw['env']),
    dockerfile: stringOf(raw['dockerfile']),
  };
}

export function registerExec(program: Command, io: CliIo): void {
  const command = program
    .command('exec')
    .summary('Execute a command inside a Docker environment')
    .description(
      `Execute a command inside a Docker environment defined by cog.yaml.

The project directory is mounted at /src and used as the working directory.
Flags for cog go before the command; everything after it is passed to the command.`,
    )
    .usage('[options] <command> [arg...]')
    .argument('[command]', 'the command to run')
    .argument('[args...]', 'its arguments, passed as they are');
  addFlags(command, 'publish', 'env');
  addFlagGroup(command, 'model-environment');
  command.addHelpText(
    'after',
    `
Examples:
  Run a Python interpreter:
    $ cog exec python

  Start a Jupyter notebook server:
    $ cog exec -p 8888 jupyter notebook --allow-root --ip=0.0.0.0`,
  );
  command.action(async (_command: unknown, _args: unknown, _options: RawOptions, cmd: Command) => {
    checkArgCount(cmd, cmd.args, { min: 1 });
    checkBaseImageExclusive(cmd);
    const options = readExecOptions(cmd.args, cmd.opts(), io.env);
    const { execAction } = await import('../actions/exec-action.ts');
    await execAction(options, contextFor(io, cmd));
  });
}

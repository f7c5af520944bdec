// Translates commander's own parse errors into CogErrors in the original's (pflag/cobra)
// wording, so `unknown flag: --foo` reads the same as every other error.
import type { Command, CommanderError } from 'commander';
import { CogError } from '../cog-error.ts';
import { commandPath, usageError } from './command-action.ts';

/**
 * Help and version displays are CommanderErrors too; they map to exit 0 (undefined).
 * `operands` are the command words of the invocation (`help nope` → `["help", "nope"]`).
 */
export function translateCommanderError(
  error: CommanderError,
  active: Command,
  operands: readonly string[] = [],
): CogError | undefined {
  switch (error.code) {
    case 'commander.help':
    case 'commander.helpDisplayed':
    case 'commander.version':
      if (error.exitCode === 0) return undefined;
      // commander has printed the help already; this is `cog help <unknown>`.
      if (operands[0] === 'help')
        return usageError(active, `unknown help topic "${operands.slice(1).join(' ')}"`);
      return usageError(active, `"${commandPath(active)}" needs a subcommand`);
    case 'commander.unknownOption':
      return usageError(active, unknownOptionText(error.message));
    case 'commander.optionMissingArgument':
      return usageError(active, `flag needs an argument: ${quotedFlag(error.message)}`);
    case 'commander.unknownCommand':
      return usageError(
        active,
        `unknown command "${quotedName(error.message)}" for "${commandPath(active)}"`,
      );
    default:
      return new CogError('USAGE', error.message.replace(/^error: /, ''), {
        hint: `Run '${commandPath(active)} --help' for usage.`,
      });
  }
}

function unknownOptionText(message: string): string {
  const flag = quotedName(message);
  if (/^-[^-]/.test(flag)) return `unknown shorthand flag: '${flag.slice(1, 2)}' in ${flag}`;
  return `unknown flag: ${flag}`;
}

/** The text in the first pair of single quotes in a commander message. */
function quotedName(message: string): string {
  return /'([^']*)'/.exec(message)?.[1] ?? message;
}

/** `option '-i, --input <name=value>' argument missing` → `--input`. */
function quotedFlag(message: string): string {
  const spec = quotedName(message);
  const long = /--[\w-]+/.exec(spec)?.[0];
  return long ?? spec.split(/[ ,]/)[0] ?? spec;
}

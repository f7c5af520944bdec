// Runs one `cog` invocation: sets up the console from the environment and the global flags,
// normalises argv (pflag syntax), parses and dispatches with commander, and turns any error
// (commander's or a command's) into one rendered message and an exit code.
import type { Readable } from 'node:stream';
import { CommanderError, type Command } from 'commander';
import { normalizeArgv, flagTableOf } from './argv-normalizer.ts';
import { CogError } from '../cog-error.ts';
import { usageError } from './command-action.ts';
import { translateCommanderError } from './commander-errors.ts';
import { Console, shouldUseColor, type ConsoleStream } from './console.ts';
import { createProgram } from './program.ts';
import { renderError } from './render-error.ts';

export interface RunCliOptions {
  /** Arguments after `cog`. */
  argv: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  stdin?: Readable;
  stdout?: ConsoleStream;
  stderr?: ConsoleStream;
}

/** Commands whose operands and everything after them go to the command verbatim. */
const passThroughCommands: ReadonlySet<string> = new Set(['exec']);

export async function runCli(options: RunCliOptions): Promise<number> {
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const early = scanGlobalFlags(options.argv);
  const console = new Console({
    stdout,
    stderr,
    color: !early.noColor && shouldUseColor(env, stderr),
    level: early.debug ? 'debug' : 'info',
  });
  const io = {
    console,
    cwd: options.cwd ?? process.cwd(),
    env,
    // Read on use only: process.stdin on a file or pipe builds an fs.ReadStream, which loads
    // fs/promises and readline (~2 ms), and most commands never read stdin.
    get stdin() {
      return options.stdin ?? process.stdin;
    },
  };
  const program = createProgram(io, {
    writeOut: (text) => void stdout.write(text),
    writeErr: (text) => void stderr.write(text),
  });
  let argv: string[] = [...options.argv];
  try {
    argv = normalizeArgv(options.argv, flagTableOf(program, passThroughCommands));
    // Now that `cog exec`'s own arguments are behind `--`, look again: `cog exec ls --debug`
    // passes `--debug` to ls.
    const globals = scanGlobalFlags(argv);
    console.level = globals.debug ? 'debug' : 'info';
    console.color = !globals.noColor && shouldUseColor(env, stderr);
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    const active = activeCommand(program, argv);
    const translated =
      error instanceof CommanderError
        ? translateCommanderError(error, active, operandsOf(argv))
        : withUsageHint(error, active);
    if (translated === undefined) return 0;
    return renderError(translated, { console, debug: console.level === 'debug' });
  }
}

/** Flag-value errors thrown by our own parsers get the same hint as commander's errors. */
function withUsageHint(error: unknown, active: Command): unknown {
  if (!(error instanceof CogError) || error.code !== 'USAGE' || error.hint !== undefined)
    return error;
  return new CogError('USAGE', error.message, { hint: usageError(active, error.message).hint });
}

/**
 * `--debug` and `--no-color` are known before parsing so that parse errors are already
 * rendered with the right level and colour.
 */
function scanGlobalFlags(argv: readonly string[]): { debug: boolean; noColor: boolean } {
  const end = argv.indexOf('--');
  const flags = end === -1 ? argv : argv.slice(0, end);
  const given = (flag: string): boolean =>
    flags.some(
      (token) =>
        token === flag ||
        /^(1|t|T|TRUE|true|True)$/.test(
          token.startsWith(`${flag}=`) ? token.slice(flag.length + 1) : '',
        ),
    );
  return { debug: given('--debug'), noColor: given('--no-color') };
}

/** The words of argv that are not flags (up to `--`). */
function operandsOf(argv: readonly string[]): string[] {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).filter((token) => !token.startsWith('-'));
}

/** The deepest command named by the leading operands, for usage hints in errors. */
function activeCommand(program: Command, argv: readonly string[]): Command {
  let current = program;
  for (const token of argv) {
    if (token === '--') break;
    if (token.startsWith('-')) continue;
    const sub = current.commands.find((c) => c.name() === token || c.aliases().includes(token));
    if (sub === undefined) break;
    current = sub;
  }
  return current;
}

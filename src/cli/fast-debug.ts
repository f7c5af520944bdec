// `cog debug` without commander: building the command tree (14 commands, ~100 options) and
// loading commander cost ~8 ms CPU of a ~60 ms run, and debug's few flags are read by a pure
// classifier (fast-path.ts). main.ts takes this path when that classifier accepts argv; any
// other argv, `--help` and global flags included, goes through runCli, so help texts and usage
// errors stay commander's. What the action does is the same code (readDebugOptions,
// printDebugDockerfile); fast-debug.test.ts checks both paths print and exit alike.
import { CogError } from '../cog-error.ts';
import type { CommandContext } from './command-context.ts';
import { Console, shouldUseColor } from './console.ts';
import { readDebugOptions } from './debug/debug-options.ts';
import { printDebugDockerfile } from './debug/print-debug-dockerfile.ts';
import type { FastDebugFlags } from './fast-path.ts';
import { renderError } from './render-error.ts';
import type { RunCliOptions } from './run-cli.ts';

/** `cog debug` as runCli runs it (console, context, error rendering); returns the exit code. */
export async function runFastDebug(
  flags: FastDebugFlags,
  options: Omit<RunCliOptions, 'argv'>,
): Promise<number> {
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const console = new Console({
    stdout,
    stderr,
    color: shouldUseColor(env, stderr),
    level: 'info',
  });
  const context: CommandContext = {
    console,
    cwd: options.cwd ?? process.cwd(),
    env,
    get stdin() {
      return options.stdin ?? process.stdin;
    },
    debug: false,
    registryHost: env['COG_REGISTRY_HOST'] || 'r8.im',
  };
  try {
    await printDebugDockerfile(readDebugOptions(flags), context);
    return 0;
  } catch (error) {
    return renderError(withUsageHint(error), { console, debug: false });
  }
}

/** run-cli.ts's hint for our own usage errors, for the `debug` command. */
function withUsageHint(error: unknown): unknown {
  if (!(error instanceof CogError) || error.code !== 'USAGE' || error.hint !== undefined)
    return error;
  return new CogError('USAGE', error.message, { hint: "Run 'cog debug --help' for usage." });
}

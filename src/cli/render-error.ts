// The one place errors become text: a CogError is one line (`file:line:col: message` when it
// has a position) and its hint on the next line; anything else is its message. The stack is
// printed only with `--debug`. A SilentExit prints nothing. Returns the exit code the process
// should end with.
import { CogError, formatPosition } from '../cog-error.ts';
import type { Console } from './console.ts';
import { SilentExit } from './silent-exit.ts';

export interface RenderErrorOptions {
  console: Console;
  debug: boolean;
}

export function renderError(error: unknown, options: RenderErrorOptions): number {
  const { console, debug } = options;
  if (error instanceof SilentExit) return error.exitCode;
  if (error instanceof CogError) {
    const where = error.position === undefined ? '' : `${formatPosition(error.position)}: `;
    console.error(`${where}${error.message}`);
    if (error.hint !== undefined) console.info(error.hint);
    if (debug) printDebugDetails(console, error, error.code);
    return error.exitCode;
  }
  if (error instanceof Error) {
    console.error(error.message === '' ? error.name : error.message);
    if (debug) printDebugDetails(console, error, undefined);
    return 1;
  }
  console.error(String(error));
  return 1;
}

function printDebugDetails(console: Console, error: Error, code: string | undefined): void {
  if (code !== undefined) console.debug(`error code: ${code}`);
  if (error.stack !== undefined) console.debug(error.stack);
  let cause = error.cause;
  while (cause instanceof Error) {
    console.debug(`caused by: ${cause.stack ?? cause.message}`);
    cause = cause.cause;
  }
}

// The glue every command file uses: the I/O an invocation runs with, the per-command context
// built from the global flags, and the original's positional-argument count checks (cobra's
// exact texts; commander is told to allow any count so these run instead of its own).
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import { CogError } from '../cog-error.ts';
import type { CommandContext } from './command-context.ts';
import type { Console } from './console.ts';

export interface CliIo {
  console: Console;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin: Readable;
}

export interface ArgCount {
  min?: number;
  max?: number;
}

export function contextFor(io: CliIo, command: Command): CommandContext {
  const globals = command.optsWithGlobals<{ debug?: boolean; registry?: string }>();
  return {
    console: io.console,
    cwd: io.cwd,
    env: io.env,
    get stdin() {
      return io.stdin; // lazily, see run-cli.ts
    },
    debug: globals.debug === true,
    registryHost: globals.registry ?? (io.env['COG_REGISTRY_HOST'] || 'r8.im'),
  };
}

/** Throws the cobra-style usage error when `args` does not fit `count`. */
export function checkArgCount(command: Command, args: readonly string[], count: ArgCount): void {
  const { min = 0, max = Number.POSITIVE_INFINITY } = count;
  if (max === 0 && args.length > 0) {
    throw usageError(command, `unknown command "${args[0]}" for "${commandPath(command)}"`);
  }
  if (args.length > max) {
    throw usageError(command, `accepts at most ${max} arg(s), received ${args.length}`);
  }
  if (args.length < min) {
    throw usageError(command, `requires at least ${min} arg(s), only received ${args.length}`);
  }
}

export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c !== null; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

export function usageError(command: Command, message: string): CogError {
  return new CogError('USAGE', message, {
    hint: `Run '${commandPath(command)} --help' for usage.`,
  });
}

// Test support (no tests here): runs the CLI in-process with captured stdout/stderr, and
// parses argv against the real command tree without running the command's action.
import { Readable } from 'node:stream';
import type { Command } from 'commander';
import { flagTableOf, normalizeArgv } from './argv-normalizer.ts';
import { Console } from './console.ts';
import { createProgram } from './program.ts';
import { runCli } from './run-cli.ts';

export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

export class CaptureStream {
  text = '';
  isTTY = false;
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

export async function runCaptured(
  argv: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: string } = {},
): Promise<CapturedRun> {
  const stdout = new CaptureStream();
  const stderr = new CaptureStream();
  const code = await runCli({
    argv,
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? { PATH: process.env['PATH'] },
    stdin: Readable.from([options.stdin ?? '']),
    stdout,
    stderr,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/**
 * Parses `argv` (normalised like the real CLI) and returns the command that would have run,
 * with its options and operands set; the command's own action is replaced by a no-op.
 */
export async function parseOnly(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<Command> {
  const out = new CaptureStream();
  const console = new Console({ stdout: out, stderr: out, color: false });
  const program = createProgram(
    { console, cwd: process.cwd(), env, stdin: Readable.from(['']) },
    { writeOut: (t) => out.write(t), writeErr: (t) => out.write(t) },
  );
  let ran: Command | undefined;
  const replace = (command: Command): void => {
    command.action((...args: unknown[]) => {
      ran = args[args.length - 1] as Command;
    });
    command.commands.forEach(replace);
  };
  program.commands.forEach(replace);
  await program.parseAsync(normalizeArgv(argv, flagTableOf(program, new Set(['exec']))), {
    from: 'user',
  });
  if (ran === undefined) throw new Error(`no command ran for ${argv.join(' ')}`);
  return ran;
}

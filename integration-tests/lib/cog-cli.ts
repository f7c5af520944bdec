// Runs the real, built CLI (`dist/cog.mjs`) as a child process, the way users run it.
import { execa, type ResultPromise } from 'execa';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cogBin = path.join(repoRoot, 'dist', 'cog.mjs');

export interface CogResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface CogOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
}

/** Environment for every run: no colour, plain progress, no update check. */
function baseEnv(
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return { NO_COLOR: '1', COG_NO_UPDATE_CHECK: '1', BUILDKIT_PROGRESS: 'quiet', ...extra };
}

export async function cog(args: readonly string[], options: CogOptions): Promise<CogResult> {
  const result = await execa(process.execPath, [cogBin, ...args], {
    cwd: options.cwd,
    env: baseEnv(options.env),
    reject: false,
    stripFinalNewline: false,
    timeout: options.timeoutMs ?? 600_000,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
  });
  return {
    exitCode: result.exitCode ?? -1,
    stdout: String(result.stdout),
    stderr: String(result.stderr),
  };
}

/** Starts a long-running command (serve); the caller signals and awaits it. */
export function spawnCog(args: readonly string[], options: CogOptions): ResultPromise {
  return execa(process.execPath, [cogBin, ...args], {
    cwd: options.cwd,
    env: baseEnv(options.env),
    reject: false,
    stripFinalNewline: false,
    stdin: 'ignore',
    timeout: options.timeoutMs ?? 600_000,
  });
}

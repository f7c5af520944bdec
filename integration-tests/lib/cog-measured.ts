// Runs the built CLI with only the environment a test gives it (plus PATH and HOME), and
// samples its peak resident set (VmHWM from /proc) while it runs: the memory bound of large
// transfers is asserted on that figure.
import { readFileSync } from 'node:fs';
import { execa, type ResultPromise } from 'execa';
import { cogBin } from './cog-cli.ts';

export interface MeasuredRun {
  exitCode: number;
  stderr: string;
  stdout: string;
  peakRssMiB: number;
}

export async function cogMeasured(
  dir: string,
  args: string[],
  env: Record<string, string>,
): Promise<MeasuredRun> {
  const child = execa(process.execPath, [cogBin, ...args], {
    cwd: dir,
    // Only what the CLI needs, so no COG_MODEL* of the caller's environment leaks in.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NO_COLOR: '1',
      COG_NO_UPDATE_CHECK: '1',
      ...env,
    },
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    timeout: 600_000,
  });
  const { result, peakRssMiB } = await withPeakRss(child);
  return {
    exitCode: result.exitCode ?? -1,
    stderr: String(result.stderr),
    stdout: String(result.stdout),
    peakRssMiB,
  };
}

/** Waits for `child`, sampling its peak resident set (VmHWM) every 50 ms while it runs. */
export async function withPeakRss<R>(
  child: ResultPromise & Promise<R>,
): Promise<{ result: R; peakRssMiB: number }> {
  let peak = 0;
  const sample = setInterval(() => {
    try {
      const kb = Number(
        /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1],
      );
      peak = Math.max(peak, (kb || 0) / 1024);
    } catch {
      // exited
    }
  }, 50);
  try {
    return { result: await child, peakRssMiB: Math.round(peak) };
  } finally {
    clearInterval(sample);
  }
}

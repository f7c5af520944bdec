// CLI start-up, per command over RUNS runs of the built bundle dist/cog.mjs:
//   * wall time (median and p90), as the user waits;
//   * CPU time (user + system, interquartile mean), and its ratio to that of `node -e 0` runs
//     on the same Node, alternating with the command's: what the CLI costs beyond Node's own start,
//     mostly independent of how busy the machine is. Targets: `cog --version` ≤ 130 %,
//     `cog debug` and `cog debug -f cog.yaml` ≤ 200 % (docs/performance.md, "CLI start-up").
// CPU is read with bash's `times` (the children's rusage) after each run, so the figure is
// the kernel's accounting, not a sampling of the wall clock. The compile cache
// (src/cli/compile-cache.ts) is warmed by one untimed run, as on any machine after the first.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Measurement } from './run.ts';
import { percentile } from './stats.ts';

const RUNS = 20;
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cog = path.join(root, 'dist', 'cog.mjs');

function wallTimes(command: string[], cwd: string, env: NodeJS.ProcessEnv): number[] {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    execFileSync(command[0] as string, command.slice(1), { cwd, stdio: 'ignore', env });
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b);
}

const shellQuote = (word: string): string => `'${word.replaceAll("'", "'\\''")}'`;

/**
 * CPU milliseconds (user + system) of each run of each command, RUNS rounds in which the
 * commands take turns, so that a busy moment of the shared machine hits all of them alike.
 * bash's `times` after each run prints the children's cumulative rusage (to the millisecond);
 * a run's CPU is the step from the previous line.
 */
export function cpuSamples(commands: string[][], cwd: string, env: NodeJS.ProcessEnv): number[][] {
  const round = commands
    .map((c) => `${c.map(shellQuote).join(' ')} >/dev/null 2>&1 </dev/null || exit 1; times`)
    .join('\n');
  const script = `for i in $(seq 1 ${RUNS}); do\n${round}\ndone`;
  const out = execFileSync('bash', ['-c', script], { cwd, env, encoding: 'utf8' });
  // `times` prints the shell's own line, then its children's: "0m0.480s 0m0.120s".
  const lines = out.trim().split('\n');
  const totals = lines
    .filter((_, i) => i % 2 === 1)
    .map((line) => {
      const seconds = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map(
        ([, m, sec]) => Number(m) * 60 + Number(sec),
      );
      if (seconds.length !== 2) throw new Error(`cannot read the CPU times from: ${line}`);
      return ((seconds[0] as number) + (seconds[1] as number)) * 1000;
    });
  if (totals.length !== RUNS * commands.length)
    throw new Error(`expected ${RUNS * commands.length} CPU readings, got ${totals.length}`);
  const samples: number[][] = commands.map(() => []);
  totals.forEach((total, i) => samples[i % commands.length]?.push(total - (totals[i - 1] ?? 0)));
  return samples.map((runs) => runs.sort((a, b) => a - b));
}

/**
 * The mean of the middle half of `sorted`: robust to the odd run another job slowed down, and,
 * unlike a median, finer than the millisecond steps of `times`.
 */
function interquartileMean(sorted: number[]): number {
  const middle = sorted.slice(Math.floor(sorted.length / 4), Math.ceil((3 * sorted.length) / 4));
  return middle.reduce((sum, x) => sum + x, 0) / middle.length;
}

export default async function cliBench(): Promise<Measurement[]> {
  if (!existsSync(cog)) throw new Error('dist/cog.mjs is missing; run npm run build first');
  // A private cache, so the figures do not depend on what earlier runs left in ~/.cache.
  const cacheHome = mkdtempSync(path.join(os.tmpdir(), 'cog-bench-cache-'));
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cacheHome };
  delete env.NODE_COMPILE_CACHE;
  try {
    const out: Measurement[] = [];
    const node = process.execPath;
    const cases: Array<[string, string[], string]> = [
      ['cog --version', ['--version'], root],
      ['cog debug (examples/hello-world)', ['debug'], path.join(root, 'examples', 'hello-world')],
      // debug's own flags stay on src/cli/fast-debug.ts's path (src/cli/fast-path.ts).
      [
        'cog debug -f cog.yaml',
        ['debug', '-f', 'cog.yaml'],
        path.join(root, 'examples', 'hello-world'),
      ],
      // The same Dockerfile through commander: a global flag leaves the fast path.
      [
        'cog debug --no-color (commander)',
        ['debug', '--no-color'],
        path.join(root, 'examples', 'hello-world'),
      ],
    ];
    for (const [name, args, cwd] of cases) {
      const command = [node, cog, ...args];
      execFileSync(command[0] as string, command.slice(1), { cwd, stdio: 'ignore', env });
      const samples = wallTimes(command, cwd, env);
      out.push({ name: `${name} median`, value: percentile(samples, 50), unit: 'ms' });
      out.push({ name: `${name} p90`, value: percentile(samples, 90), unit: 'ms' });
      const [baseline, cpu] = cpuSamples([[node, '-e', '0'], command], cwd, env);
      const base = interquartileMean(baseline as number[]);
      const ours = interquartileMean(cpu as number[]);
      out.push({ name: `${name} CPU`, value: round(ours), unit: 'ms' });
      out.push({ name: `${name} CPU of node -e 0 beside it`, value: round(base), unit: 'ms' });
      // In percent: the table prints one decimal, which is too coarse for a ratio near 1.
      out.push({
        name: `${name} CPU vs node -e 0`,
        value: Math.round((100 * ours) / base),
        unit: '%',
      });
    }
    return out;
  } finally {
    rmSync(cacheHome, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

// CLI start-up, per command over RUNS runs of the built bundle dist/cog.mjs:
//   * wall time (median and p90), as the user waits;
//   * CPU time (user + system, mean), and its ratio to `node -e 0` on the same Node: what the
//     CLI costs beyond Node's own start, independent of how busy the machine is. Targets:
//     `cog --version` ≤ 130 %, `cog debug` ≤ 200 % (docs/performance.md, "CLI start-up").
// CPU is read with bash's `times` (the children's rusage) around a loop of the command, so the
// figure is the kernel's accounting, not a sampling of the wall clock. The compile cache
// (src/cli/compile-cache.ts) is warmed by one untimed run, as on any machine after the first.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Measurement } from './run.ts';

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

/** Mean CPU milliseconds (user + system) of one run of `command`, over RUNS runs. */
export function cpuMillis(command: string[], cwd: string, env: NodeJS.ProcessEnv): number {
  const script = `for i in $(seq 1 ${RUNS}); do "$@" >/dev/null 2>&1 </dev/null || exit 1; done; times`;
  const out = execFileSync('bash', ['-c', script, 'bench', ...command], {
    cwd,
    env,
    encoding: 'utf8',
  });
  // `times` prints the shell's own line, then its children's: "0m0.480s 0m0.120s".
  const children = out.trim().split('\n').at(-1) ?? '';
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map(
    ([, m, s]) => Number(m) * 60 + Number(s),
  );
  if (seconds.length !== 2) throw new Error(`cannot read the CPU times from: ${out}`);
  return ((seconds[0] as number) + (seconds[1] as number)) * (1000 / RUNS);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
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
    const baseline = cpuMillis([node, '-e', '0'], root, env);
    out.push({ name: 'node -e 0 CPU', value: round(baseline), unit: 'ms' });
    const cases: Array<[string, string[], string]> = [
      ['cog --version', ['--version'], root],
      ['cog debug (examples/hello-world)', ['debug'], path.join(root, 'examples', 'hello-world')],
    ];
    for (const [name, args, cwd] of cases) {
      const command = [node, cog, ...args];
      execFileSync(command[0] as string, command.slice(1), { cwd, stdio: 'ignore', env });
      const samples = wallTimes(command, cwd, env);
      out.push({ name: `${name} median`, value: percentile(samples, 50), unit: 'ms' });
      out.push({ name: `${name} p90`, value: percentile(samples, 90), unit: 'ms' });
      const cpu = cpuMillis(command, cwd, env);
      out.push({ name: `${name} CPU`, value: round(cpu), unit: 'ms' });
      // In percent: the table prints one decimal, which is too coarse for a ratio near 1.
      out.push({
        name: `${name} CPU vs node -e 0`,
        value: Math.round((100 * cpu) / baseline),
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

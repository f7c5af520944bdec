// CLI start-up: wall time of `cog --version` (target < 150 ms) and `cog debug` on an example
// project, each over 20 runs of the built bundle dist/cog.mjs (median and p90).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Measurement } from './run.ts';

const RUNS = 20;
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cog = path.join(root, 'dist', 'cog.mjs');

function time(args: string[], cwd: string): number[] {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    execFileSync(process.execPath, [cog, ...args], {
      cwd,
      stdio: 'ignore',
      env: { ...process.env, NO_COLOR: '1' },
    });
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export default async function cliBench(): Promise<Measurement[]> {
  if (!existsSync(cog)) throw new Error('dist/cog.mjs is missing; run npm run build first');
  const out: Measurement[] = [];
  const cases: Array<[string, string[], string]> = [
    ['cog --version', ['--version'], root],
    ['cog debug (examples/hello-world)', ['debug'], path.join(root, 'examples', 'hello-world')],
  ];
  for (const [name, args, cwd] of cases) {
    const samples = time(args, cwd);
    out.push({ name: `${name} median`, value: percentile(samples, 50), unit: 'ms' });
    out.push({ name: `${name} p90`, value: percentile(samples, 90), unit: 'ms' });
  }
  return out;
}

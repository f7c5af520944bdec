// cog.yaml parsing time for very many top-level keys (issue 7, item 3): the YAML library's
// duplicate-key check was quadratic (10k keys 2.7 s, 40k keys 46 s); parseConfig is linear now.
// Each figure is the median of 5 runs after a warm-up.
import { performance } from 'node:perf_hooks';
import { parseConfig } from '../src/config/index.ts';
import type { Measurement } from './run.ts';

function manyKeys(n: number): string {
  const lines = ['build:', '  python_version: "3.12"'];
  for (let i = 0; i < n; i++) lines.push(`key${i}: value`);
  return lines.join('\n') + '\n';
}

function median(samples: number[]): number {
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)] as number;
}

export default async function configBench(): Promise<Measurement[]> {
  parseConfig(manyKeys(1000), 'cog.yaml');
  const out: Measurement[] = [];
  for (const n of [10_000, 40_000]) {
    const text = manyKeys(n);
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      const result = parseConfig(text, 'cog.yaml');
      samples.push(performance.now() - start);
      if (!result.ok) throw new Error(result.errors[0]?.message);
    }
    out.push({ name: `parseConfig, ${n} top-level keys`, value: median(samples), unit: 'ms' });
  }
  return out;
}

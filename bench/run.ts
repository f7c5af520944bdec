// `npm run bench`: imports every bench/*.bench.ts (each default-exports an async function that
// returns measurements) and prints one table. Benches run one after another so they do not
// compete for the two cores.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface Measurement {
  name: string;
  value: number;
  unit: string;
}

type Bench = () => Promise<Measurement[]>;

// `npm run bench -- --vs-original`: only the side-by-side comparison with the original runtime
// (opt-in: it installs the original from PyPI and takes minutes).
if (process.argv.includes('--vs-original')) {
  const { sideBySide } = await import('./side-by-side.ts');
  await sideBySide();
  process.exit(0);
}

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();

const rows: Array<Measurement & { bench: string }> = [];
for (const file of files) {
  const module = (await import(pathToFileURL(path.join(benchDir, file)).href)) as {
    default?: Bench;
  };
  if (typeof module.default !== 'function') {
    process.stderr.write(`${file}: no default-exported bench function, skipped\n`);
    continue;
  }
  try {
    for (const m of await module.default())
      rows.push({ bench: file.replace(/\.bench\.ts$/, ''), ...m });
  } catch (error) {
    // One broken bench should not hide the others' figures; the run still fails at the end.
    process.stderr.write(`${file}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

const header = ['bench', 'measurement', 'value', 'unit'];
const table = [header, ...rows.map((r) => [r.bench, r.name, formatValue(r.value), r.unit])];
const widths = header.map((_, i) => Math.max(...table.map((row) => (row[i] as string).length)));
for (const [i, row] of table.entries()) {
  process.stdout.write(
    `${row.map((cell, c) => (c === 2 ? cell.padStart(widths[c] as number) : cell.padEnd(widths[c] as number))).join('  ')}\n`,
  );
  if (i === 0) process.stdout.write(`${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

// Docker-backed figures (needs a daemon, the stand-in base images and `npm run build`):
//   * warm rebuild with nothing changed (`cog build` of examples/hello-world, cache warm)
//   * rebuild after a one-line code change in run.py
//   * time from `cog run IMAGE` to its output on a built image (container start + setup + one prediction)
//   * what a trivial model adds to python:3.11-slim, uncompressed and gzip-compressed (as a
//     registry stores it and a pull transfers it), layer by layer (bench/image-layers.ts)
//   * how much of that a second model (examples/iterator) shares, i.e. a host stores once
import { execa } from 'execa';
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { addedLayers, sharedLayers } from './image-layers.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface Measurement {
  name: string;
  value: number;
  unit: string;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cogBin = path.join(root, 'dist', 'cog.mjs');
const env = { NO_COLOR: '1', COG_NO_UPDATE_CHECK: '1', BUILDKIT_PROGRESS: 'quiet' };

async function timed(args: string[], cwd: string): Promise<number> {
  const started = performance.now();
  const result = await execa(process.execPath, [cogBin, ...args], {
    cwd,
    env,
    reject: false,
    stdin: 'ignore',
  });
  if (result.exitCode !== 0)
    throw new Error(`cog ${args.join(' ')} failed:\n${String(result.stderr)}`);
  return (performance.now() - started) / 1000;
}

export default async function dockerBench(): Promise<Measurement[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cog-bench-'));
  const image = `cog-bench-hello:${process.pid}`;
  const other = `cog-bench-iterator:${process.pid}`;
  const otherDir = await mkdtemp(path.join(os.tmpdir(), 'cog-bench-'));
  try {
    await cp(path.join(root, 'examples', 'hello-world'), dir, { recursive: true });
    await timed(['build', '-t', image], dir); // fill the cache
    const warm = await timed(['build', '-t', image], dir);
    await appendFile(path.join(dir, 'run.py'), '\n# a one-line change\n');
    const changed = await timed(['build', '-t', image], dir);
    const firstOutput = await timed(['run', image, '-i', 'text=bench'], root);
    await cp(path.join(root, 'examples', 'iterator'), otherDir, { recursive: true });
    await timed(['build', '-t', other], otherDir);
    const base = 'python:3.11-slim';
    const layers = await addedLayers(image, base);
    const shared = new Set(await sharedLayers(image, other, base));
    const sum = (f: (l: (typeof layers)[number]) => number, only = (_id: string) => true) =>
      layers.filter((l) => only(l.diffId)).reduce((n, l) => n + f(l), 0);
    const mb = (bytes: number) => round(bytes / 1e6);
    return [
      { name: 'warm rebuild, nothing changed', value: round(warm), unit: 's' },
      { name: 'rebuild after a one-line code change', value: round(changed), unit: 's' },
      { name: 'cog run IMAGE to first output', value: round(firstOutput), unit: 's' },
      { name: `added to ${base} (hello-world)`, value: mb(sum((l) => l.bytes)), unit: 'MB' },
      { name: `added to ${base}, gzip`, value: mb(sum((l) => l.gzipBytes)), unit: 'MB' },
      {
        name: 'of which shared with a second model (iterator)',
        value: mb(
          sum(
            (l) => l.bytes,
            (id) => shared.has(id),
          ),
        ),
        unit: 'MB',
      },
      {
        name: 'of which shared with a second model, gzip',
        value: mb(
          sum(
            (l) => l.gzipBytes,
            (id) => shared.has(id),
          ),
        ),
        unit: 'MB',
      },
    ];
  } finally {
    await execa('docker', ['rmi', '-f', image, other], { reject: false });
    await rm(dir, { recursive: true, force: true });
    await rm(otherDir, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

// Docker-backed figures (needs a daemon, the stand-in base images and `npm run build`):
//   * warm rebuild with nothing changed (`cog build` of examples/hello-world, cache warm)
//   * rebuild after a one-line code change in run.py
//   * time from `cog run IMAGE` to its output on a built image (container start + setup + one prediction)
//   * the size our runtime adds to an image: the built model image vs its bare base image
import { execa } from 'execa';
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
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

async function imageSize(image: string): Promise<number> {
  const result = await execa('docker', ['image', 'inspect', image, '--format', '{{.Size}}']);
  return Number(String(result.stdout).trim());
}

export default async function dockerBench(): Promise<Measurement[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cog-bench-'));
  const image = `cog-bench-hello:${process.pid}`;
  try {
    await cp(path.join(root, 'examples', 'hello-world'), dir, { recursive: true });
    await timed(['build', '-t', image], dir); // fill the cache
    const warm = await timed(['build', '-t', image], dir);
    await appendFile(path.join(dir, 'run.py'), '\n# a one-line change\n');
    const changed = await timed(['build', '-t', image], dir);
    const firstOutput = await timed(['run', image, '-i', 'text=bench'], root);
    const added = (await imageSize(image)) - (await imageSize('python:3.11-slim'));
    return [
      { name: 'warm rebuild, nothing changed', value: round(warm), unit: 's' },
      { name: 'rebuild after a one-line code change', value: round(changed), unit: 's' },
      { name: 'cog run IMAGE to first output', value: round(firstOutput), unit: 's' },
      {
        name: 'size added to python:3.11-slim (runtime, node, SDK, tini)',
        value: round(added / 1024 / 1024),
        unit: 'MiB',
      },
    ];
  } finally {
    await execa('docker', ['rmi', '-f', image], { reject: false });
    await rm(dir, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

// The legacy `--separate-weights` split (build.md §5.11): large files go into their own image
// (`<image>-weights`, built FROM scratch) that the runner image copies from, so a code change
// does not re-upload gigabytes of weights. This module finds the weight paths (pure, from a
// file listing), renders the two Dockerfiles and the runner's context exclusions.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BuildPlan, WeightPath } from './build-plan.ts';
import { generateDockerfile } from './generate-dockerfile.ts';

/** Files above 10 MiB count as weights. */
export const WEIGHT_SIZE_THRESHOLD = 10 * 1024 * 1024;
const IGNORED_PREFIXES = ['.cog/', '.git', '__pycache__'];
const CODE_SUFFIXES = ['.py', '.ipynb'];
const IGNORED_SUFFIXES = [
  ...CODE_SUFFIXES,
  '.whl',
  '.jpg',
  '.jpeg',
  '.png',
  '.webp',
  '.svg',
  '.gif',
  '.avif',
  '.heic',
  '.mp4',
  '.mov',
  '.avi',
  '.wmv',
  '.mkv',
  '.webm',
  '.mp3',
  '.wav',
  '.ogg',
  '.flac',
  '.aac',
  '.m4a',
  '.log',
];

export interface ProjectFile {
  /** Project-relative, forward slashes. */
  path: string;
  size: number;
}

/**
 * Groups large files into weight paths: root-level files stay files, deeper files collapse to
 * their top-level directory, and a directory holding any Python/notebook file is left alone
 * (it is code, not weights). Sorted, unique.
 */
export function findWeightPaths(files: readonly ProjectFile[]): WeightPath[] {
  const ignored = (p: string): boolean =>
    IGNORED_PREFIXES.some((prefix) => p.startsWith(prefix)) ||
    IGNORED_SUFFIXES.some((suffix) => p.toLowerCase().endsWith(suffix));
  const codeDirs = new Set(
    files
      .filter((f) => CODE_SUFFIXES.some((s) => f.path.endsWith(s)) && f.path.includes('/'))
      .map((f) => topLevel(f.path)),
  );
  const entries = new Map<string, WeightPath>();
  for (const file of files) {
    if (file.size <= WEIGHT_SIZE_THRESHOLD || ignored(file.path)) continue;
    if (!file.path.includes('/')) {
      entries.set(file.path, { path: file.path, directory: false });
      continue;
    }
    const dir = topLevel(file.path);
    if (!codeDirs.has(dir)) entries.set(dir, { path: dir, directory: true });
  }
  return [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function topLevel(p: string): string {
  return p.split('/')[0] ?? p;
}

/** Lists every regular file under `root` (project-relative), skipping `.cog` and `.git`. */
export function listProjectFiles(root: string): ProjectFile[] {
  const out: ProjectFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      const rel = path.relative(root, abs).split(path.sep).join('/');
      if (entry.isDirectory()) {
        if (rel !== '.cog' && rel !== '.git') walk(abs);
      } else if (entry.isFile()) {
        out.push({ path: rel, size: statSync(abs).size });
      }
    }
  };
  walk(root);
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

export interface WeightsDockerfiles {
  /** Built as `<image>-weights`. */
  weights: string;
  /** The model image, copying the weights from the weights image. */
  runner: string;
  /** `.dockerignore`-style patterns removed from the runner's build context. */
  excludePatterns: string[];
}

export function generateWeightsDockerfiles(plan: BuildPlan): WeightsDockerfiles {
  const entries = plan.separateWeights?.entries ?? [];
  const weights = [
    plan.syntax ? `#syntax=${plan.syntax}` : '',
    'FROM scratch',
    '',
    ...entries.map(({ path: p }) => `COPY ${p} /src/${p}`),
  ];
  return {
    weights: (plan.syntax ? weights : weights.slice(1)).join('\n'),
    runner: generateDockerfile(plan),
    excludePatterns: entries.flatMap(({ path: p, directory }) =>
      directory ? [p, `${p}/**/*`] : [p],
    ),
  };
}

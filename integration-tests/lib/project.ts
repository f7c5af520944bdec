// Temp copies of `examples/*` (or inline projects) for one test file, removed afterwards along
// with the images built from them.
import { cp, mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { repoRoot } from './cog-cli.ts';

export interface TempProject {
  dir: string;
  /** The dev image name `cog run/serve/exec` build (`cog-<dir>`). */
  devImage: string;
  /** Removes the directory and the given images (plus the dev image). */
  dispose(...images: string[]): Promise<void>;
}

async function makeProject(dir: string): Promise<TempProject> {
  return {
    dir,
    devImage: devImageName(dir),
    async dispose(...images: string[]) {
      await removeImages([devImageName(dir), ...images]);
      // Containers write root-owned files (e.g. __pycache__) into the mounted project.
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** `cog-` + directory name cut to 30 characters, as cog names dev images (build.md §2.3). */
function devImageName(dir: string): string {
  const base = path
    .basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '')
    .slice(0, 26);
  return (base.startsWith('cog-') ? base : `cog-${base}`).replace(/-+$/, '');
}

export async function copyExample(name: string): Promise<TempProject> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `cog-it-${name}-`));
  await cp(path.join(repoRoot, 'examples', name), dir, { recursive: true });
  return makeProject(dir);
}

/** A project from inline files, e.g. `{ 'cog.yaml': '...', 'run.py': '...' }`. */
export async function inlineProject(
  name: string,
  files: Record<string, string | Buffer>,
): Promise<TempProject> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `cog-it-${name}-`));
  for (const [file, contents] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), contents);
  }
  return makeProject(dir);
}

export async function removeImages(images: readonly string[]): Promise<void> {
  for (const image of images) await execa('docker', ['rmi', '-f', image], { reject: false });
}

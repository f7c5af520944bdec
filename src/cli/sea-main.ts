// Entry point of the single executable (`dist-bin/cog-<platform>-<arch>`, Node's single
// executable applications): a copy of the Node binary carrying the CLI, so it runs where Node
// is not installed. Node 24 runs only a CommonJS main script in a SEA, and the CLI is ESM (its
// dependencies use top-level await), so this small script writes the embedded dist/ files (the
// CLI bundle and its chunks, coglet.mjs and its swagger-ui/, the SDK wheel) once to a per-build
// cache directory and imports the CLI from there: the same bundle npm installs, finding its
// runtime artefacts beside itself as usual.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { getAsset } from 'node:sea';

/** The asset holding the list of embedded dist/ files (scripts/build-sea.ts writes it). */
export const SEA_MANIFEST = 'manifest.json';

/** Writes the embedded files to `<cacheRoot>/cog/sea-<id>/` unless already there; returns it. */
export function extractDist(
  cacheRoot: string,
  id: string,
  asset: (name: string) => ArrayBuffer = (name) => getAsset(name),
): string {
  const dir = path.join(cacheRoot, 'cog', `sea-${id}`);
  if (existsSync(path.join(dir, 'cog.mjs'))) return dir;
  const files = JSON.parse(Buffer.from(asset(SEA_MANIFEST)).toString('utf8')) as string[];
  // Written beside and renamed into place, so a concurrent first run never sees half a tree.
  const temporary = `${dir}.tmp-${process.pid}`;
  try {
    for (const file of files) {
      const target = path.join(temporary, ...file.split('/'));
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, Buffer.from(asset(file)));
    }
    renameSync(temporary, dir);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    if (!existsSync(path.join(dir, 'cog.mjs'))) throw error;
  }
  return dir;
}

declare const __COG_SEA_ID__: string;

function cacheRoot(env: NodeJS.ProcessEnv): string {
  return env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
}

if (typeof __COG_SEA_ID__ === 'string') {
  // A SEA's argv is [executable, executable, ...args], like `node script ...args`.
  const dir = extractDist(cacheRoot(process.env), __COG_SEA_ID__);
  import(pathToFileURL(path.join(dir, 'cog.mjs')).href).catch((error: unknown) => {
    process.stderr.write(`cog: cannot start: ${(error as Error).message}\n`);
    process.exit(1);
  });
}

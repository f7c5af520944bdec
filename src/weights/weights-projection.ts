// The runtime projection of weights.lock (weights.md §5.4, build.md §6.3): `.cog/weights.json`,
// `{"weights":[{"name","target","setDigest"}]}` in lock order, pretty-printed with two spaces
// as Go's json.MarshalIndent writes it (no trailing newline, `<>&` and U+2028/9 as \u escapes).
// Every build of a project with `weights:` writes it; release images carry it at /src/.cog/.
import { CogError } from '../cog-error.ts';
import path from 'node:path';
import { LOCK_FILE_NAME, readLock, type WeightsLock } from './lock-file.ts';

export const WEIGHTS_PROJECTION_FILE = 'weights.json';

export function weightsProjection(lock: WeightsLock): string {
  const weights = lock.weights.map((w) => ({
    name: w.name,
    target: w.target,
    setDigest: w.setDigest,
  }));
  return JSON.stringify({ weights }, null, 2).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The projection of the project's lock; a missing lock is the original's build error. */
export async function readWeightsProjection(projectDir: string): Promise<string> {
  const lock = await readLock(projectDir);
  if (lock === undefined)
    throw new CogError(
      'WEIGHTS_LOCK',
      `managed weights configured but no lockfile found: read weights.lock: open ${path.join(projectDir, LOCK_FILE_NAME)}: no such file or directory`,
      { hint: "Run 'cog weights import' first" },
    );
  return weightsProjection(lock);
}

// weights.lock (weights.md §5): its types, the exact JSON (key order, 2-space indent, no
// trailing newline, files by path, layers by digest), parsing with the original's errors, and
// the atomic write (temp file in the same directory, fsync, rename, mode 0644).
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { CogError } from '../cog-error.ts';

export const LOCK_FILE_NAME = 'weights.lock';

export interface LockSource {
  uri: string;
  fingerprint: string;
  include: string[];
  exclude: string[];
}

export interface LockFile {
  path: string;
  size: number;
  digest: string;
  /** Digest of the layer that holds the file. */
  layer: string;
}

export interface LockLayer {
  digest: string;
  mediaType: string;
  size: number;
  sizeUncompressed: number;
}

export interface LockWeight {
  name: string;
  target: string;
  sources: LockSource[];
  importedAt: string;
  /** The weight manifest's digest. */
  digest: string;
  setDigest: string;
  size: number;
  sizeCompressed: number;
  files: LockFile[];
  layers: LockLayer[];
}

export interface WeightsLock {
  version: 1;
  envelopeFormat: string;
  weights: LockWeight[];
}

/** Rebuilds every object in the lock's key order, so the bytes never depend on how it was made. */
function canonical(lock: WeightsLock): WeightsLock {
  return {
    version: 1,
    envelopeFormat: lock.envelopeFormat,
    weights: lock.weights.map((w) => ({
      name: w.name,
      target: w.target,
      sources: w.sources.map((s) => ({
        uri: s.uri,
        fingerprint: s.fingerprint,
        include: [...s.include],
        exclude: [...s.exclude],
      })),
      importedAt: w.importedAt,
      digest: w.digest,
      setDigest: w.setDigest,
      size: w.size,
      sizeCompressed: w.sizeCompressed,
      files: [...w.files]
        .sort((a, b) => compare(a.path, b.path))
        .map((f) => ({ path: f.path, size: f.size, digest: f.digest, layer: f.layer })),
      layers: [...w.layers]
        .sort((a, b) => compare(a.digest, b.digest))
        .map((l) => ({
          digest: l.digest,
          mediaType: l.mediaType,
          size: l.size,
          sizeUncompressed: l.sizeUncompressed,
        })),
    })),
  };
}

/** Byte order, as Go's sort.Strings. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function serializeLock(lock: WeightsLock): string {
  return JSON.stringify(canonical(lock), null, 2);
}

export function parseLock(text: string): WeightsLock {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw lockError(`parse weights.lock: ${(error as Error).message}`);
  }
  const lock = raw as Partial<WeightsLock> | null;
  if (lock === null || typeof lock !== 'object' || Array.isArray(lock))
    throw lockError('parse weights.lock: not a JSON object');
  if (lock.version !== 1)
    throw lockError(`unsupported weights.lock version ${String(lock.version)} (want 1)`);
  const weights = Array.isArray(lock.weights) ? lock.weights : [];
  const names = new Set<string>();
  const targets = new Set<string>();
  for (const weight of weights) {
    if (names.has(weight.name))
      throw lockError(`parse weights.lock: duplicate weight name "${weight.name}"`);
    if (targets.has(weight.target))
      throw lockError(`parse weights.lock: duplicate weight target "${weight.target}"`);
    names.add(weight.name);
    targets.add(weight.target);
    for (const key of ['sources', 'files', 'layers'] as const)
      if (!Array.isArray(weight[key]))
        throw lockError(`parse weights.lock: weight "${weight.name}" has no ${key} list`);
  }
  return { version: 1, envelopeFormat: String(lock.envelopeFormat ?? ''), weights };
}

function lockError(message: string): CogError {
  return new CogError('WEIGHTS_LOCK', message, {
    hint: "Fix or delete weights.lock, then run 'cog weights import'.",
  });
}

/** The lock next to cog.yaml; undefined when there is none. */
export async function readLock(projectDir: string): Promise<WeightsLock | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(projectDir, LOCK_FILE_NAME), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw lockError(`read weights.lock: ${(error as Error).message}`);
  }
  return parseLock(text);
}

/** Never leaves half a lock: a crash leaves either the old file or the new one. */
export async function writeLock(projectDir: string, lock: WeightsLock): Promise<void> {
  const file = path.join(projectDir, LOCK_FILE_NAME);
  const temporary = path.join(projectDir, `.weights-${randomBytes(6).toString('hex')}.lock.tmp`);
  try {
    const handle = await open(temporary, 'wx', 0o644);
    try {
      await handle.writeFile(serializeLock(lock));
      await handle.chmod(0o644);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new CogError('WEIGHTS_LOCK', `write weights.lock: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Upsert keeps an entry's position; new names go last. */
export function upsertWeight(lock: WeightsLock, entry: LockWeight): WeightsLock {
  const at = lock.weights.findIndex((w) => w.name === entry.name);
  const weights = [...lock.weights];
  if (at === -1) weights.push(entry);
  else weights[at] = entry;
  return { ...lock, weights };
}

// Weight sources (weights.md §3): URI normalisation, and the inventory of a file source (walk,
// SHA-256 of every file, fingerprint) with include/exclude filtering in gitignore semantics.
// HTTP sources are fetched by http-source.ts, Hugging Face sources listed by hf-source.ts.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ignore from 'ignore';
import { CogError } from '../cog-error.ts';
import { compare } from './lock-file.ts';
import { setDigest } from './weight-digests.ts';
import type { WeightStore } from './weight-store.ts';

function sourceError(message: string): CogError {
  return new CogError('WEIGHT_SOURCE', message);
}

export function normalizeSourceUri(uri: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined || scheme === 'file') {
    const raw = scheme === 'file' ? uri.slice('file://'.length) : uri;
    if (raw.startsWith('/')) return `file://${path.posix.normalize(raw).replace(/(.)\/$/, '$1')}`;
    const clean = path.posix.normalize(raw).replace(/\/$/, '');
    if (clean === '.' || clean === '')
      throw sourceError('weight source cannot be the project directory itself');
    if (clean === '..' || clean.startsWith('../'))
      throw sourceError(`weight source "${raw}" escapes the project directory`);
    return `file://./${clean}`;
  }
  if (scheme === 'hf' || scheme === 'huggingface') {
    const rest = uri.slice(uri.indexOf('://') + 3);
    const at = rest.indexOf('@');
    const repo = at === -1 ? rest : rest.slice(0, at);
    const ref = at === -1 ? 'main' : rest.slice(at + 1);
    if (!/^[^/]+\/[^/]+$/.test(repo))
      throw sourceError(`invalid hf:// repo "${repo}": expected org/repo`);
    if (ref === '') throw sourceError(`empty ref in hf:// URI: "${uri}"`);
    return ref === 'main' ? `hf://${repo}` : `hf://${repo}@${ref}`;
  }
  if (scheme === 'http' || scheme === 'https') {
    const url = new URL(uri);
    if (url.username !== '' || url.password !== '')
      throw sourceError('HTTP URI must not embed credentials (user:pass@host)');
    return url.href;
  }
  throw sourceError(`unsupported weight source scheme "${scheme}" in URI "${uri}"`);
}

export interface InventoryFile {
  path: string;
  size: number;
  digest: string;
  /** Absolute path of the bytes (for remote sources: where the store keeps them). */
  file: string;
  /** Remote sources: the bytes, fetched when the store lacks them (the store verifies them). */
  fetch?: () => Promise<Readable>;
}

export interface Inventory {
  files: InventoryFile[];
  fingerprint: string;
}

/** Every regular file of a file source, hashed; the fingerprint covers the unfiltered set. */
export async function inventorySource(
  uri: string,
  projectDir: string,
  store?: WeightStore,
  env: NodeJS.ProcessEnv = {},
): Promise<Inventory> {
  if ((uri.startsWith('http://') || uri.startsWith('https://')) && store !== undefined) {
    const { inventoryHttpSource } = await import('./http-source.ts');
    return inventoryHttpSource(uri, store);
  }
  if (uri.startsWith('hf://') && store !== undefined) {
    const { inventoryHfSource } = await import('./hf-source.ts');
    return inventoryHfSource(uri, store, env);
  }
  if (!uri.startsWith('file://'))
    // Remote sources are downloaded into the store, so planning them needs one.
    throw new Error(`inventory of ${uri} needs the weight store`);
  const raw = uri.slice('file://'.length);
  const root = raw.startsWith('/') ? raw : path.join(projectDir, raw);
  const info = await lstat(root).catch(() => undefined);
  if (info === undefined) throw sourceError(`weight source not found: ${uri}`);
  if (!info.isDirectory())
    throw sourceError(
      `weight source ${uri} is not a directory (file:// sources must be directories)`,
    );
  const files: InventoryFile[] = [];
  await walk(root, '', files);
  files.sort((a, b) => compare(a.path, b.path));
  return { files, fingerprint: setDigest(files) };
}

async function walk(root: string, rel: string, into: InventoryFile[]): Promise<void> {
  const entries = await readdir(path.join(root, rel), { withFileTypes: true });
  for (const entry of entries) {
    const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== '.cog') await walk(root, relPath, into);
      continue;
    }
    const file = path.join(root, relPath);
    const stats = await lstat(file);
    if (!stats.isFile()) {
      const mode = `0${(stats.mode & 0o170000).toString(8)}`;
      throw sourceError(
        `weight source contains non-regular entry "${relPath}" (${entry.isSymbolicLink() ? 'symlink' : mode}); resolve to regular files before importing`,
      );
    }
    into.push({ path: relPath, size: stats.size, digest: await hashFile(file), file });
  }
}

export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file, { highWaterMark: 1024 * 1024 }), hash);
  return `sha256:${hash.digest('hex')}`;
}

/** Gitignore semantics: dropped when an exclude matches; with includes, kept only when one does. */
export function filterFiles<F extends { path: string }>(
  files: readonly F[],
  include: readonly string[],
  exclude: readonly string[],
): { kept: F[]; dropped: F[] } {
  const excluded = ignore().add([...exclude]);
  const included = ignore().add([...include]);
  const kept: F[] = [];
  const dropped: F[] = [];
  for (const file of files) {
    const keep =
      !excluded.ignores(file.path) && (include.length === 0 || included.ignores(file.path));
    (keep ? kept : dropped).push(file);
  }
  if (kept.length === 0) {
    const lines = [
      `include/exclude patterns matched zero files out of ${files.length} in the source`,
    ];
    if (include.length > 0) lines.push(`  include: ${JSON.stringify(include)}`);
    if (exclude.length > 0) lines.push(`  exclude: ${JSON.stringify(exclude)}`);
    lines.push('  check your patterns — did you mean a different glob?');
    throw sourceError(lines.join('\n'));
  }
  return { kept, dropped };
}

/** Patterns are trimmed and sorted, so their order in cog.yaml does not matter. */
export function normalizePatterns(patterns: readonly string[] | undefined): string[] {
  return (patterns ?? []).map((p) => p.trim()).sort(compare);
}

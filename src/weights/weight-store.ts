// The local weight store (weights.md §11): files by content digest under
// `<root>/files/sha256/<2 hex>/<hex>`, shared by every project. A file only ever appears there
// complete and verified: it is written to a unique `put-*` temp file beside its place, its
// SHA-256 and size checked, then renamed, so two `cog` processes writing the same digest at once
// both succeed (same bytes, atomic rename) and a reader never sees half a file.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CogError } from '../cog-error.ts';
import { hexOf } from './weight-digests.ts';

export function weightStoreRoot(env: NodeJS.ProcessEnv): string {
  if (env.COG_CACHE_DIR) return path.join(env.COG_CACHE_DIR, 'weights');
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'cog', 'weights');
  return path.join(env.HOME || os.homedir(), '.cache', 'cog', 'weights');
}

export class WeightStore {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  filePath(digest: string): string {
    const hex = hexOf(digest);
    return path.join(this.root, 'files', 'sha256', hex.slice(0, 2), hex);
  }

  /** A scratch directory on the store's filesystem (layer blobs while importing). */
  async scratch(): Promise<string> {
    const dir = path.join(this.root, 'tmp');
    await mkdir(dir, { recursive: true });
    return dir;
  }

  async has(digest: string, size: number): Promise<boolean> {
    try {
      return (await stat(this.filePath(digest))).size === size;
    } catch {
      return false;
    }
  }

  /** Stores the stream's bytes if, and only if, they have `digest` and `size`. */
  async put(
    source: Readable,
    digest: string,
    size: number,
    onBytes?: (written: number) => void,
  ): Promise<void> {
    const final = this.filePath(digest);
    await mkdir(path.dirname(final), { recursive: true });
    const temporary = path.join(path.dirname(final), `put-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let written = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        written += chunk.length;
        onBytes?.(written);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, measure, createWriteStream(temporary, { mode: 0o444 }));
      if (written !== size)
        throw new CogError(
          'WEIGHT_VERIFY',
          `size mismatch for ${digest}: expected ${size} bytes, got ${written}`,
        );
      const got = `sha256:${hash.digest('hex')}`;
      if (got !== digest)
        throw new CogError('WEIGHT_VERIFY', `digest mismatch: expected ${digest}, got ${got}`);
      await chmod(temporary, 0o444);
      await rename(temporary, final);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  /** Stores bytes whose digest is not known yet (a download); returns it. */
  async putUnverified(source: Readable): Promise<{ digest: string; size: number }> {
    const dir = await this.scratch();
    const temporary = path.join(dir, `put-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, measure, createWriteStream(temporary, { mode: 0o444 }));
      const digest = `sha256:${hash.digest('hex')}`;
      const final = this.filePath(digest);
      await mkdir(path.dirname(final), { recursive: true });
      await chmod(temporary, 0o444);
      await rename(temporary, final);
      return { digest, size };
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}

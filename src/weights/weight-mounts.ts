// How `cog run` / `predict` / `train` (source builds), `serve` and `exec` make managed weights
// available (weights.md §11): every file of weights.lock is hard-linked from the local store into
// `<project>/.cog/mounts/<16 hex>/<weight>/<path>` and each weight directory is bind-mounted
// read-only at its target. Nothing is copied into an image and nothing is downloaded here: a
// file missing from the store is an error that says to run `cog weights pull`. The mount
// directory is removed by the caller's cleanup stack.
import { randomBytes } from 'node:crypto';
import { link, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { CogConfig } from '../config/index.ts';
import { CogError } from '../cog-error.ts';
import type { CleanupStack } from '../image/cleanup-stack.ts';
import { readLock } from './lock-file.ts';
import { WeightStore, weightStoreRoot } from './weight-store.ts';

function prepareError(message: string, hint?: string): CogError {
  return new CogError(
    'WEIGHTS_NOT_CACHED',
    `prepare weights: ${message}`,
    hint === undefined ? {} : { hint },
  );
}

/** The `-v` binds for the weights; none when cog.yaml declares no weights. */
export async function prepareWeightMounts(options: {
  projectDir: string;
  config: CogConfig;
  env: NodeJS.ProcessEnv;
  stack: CleanupStack;
}): Promise<string[]> {
  if ((options.config.weights ?? []).length === 0) return [];
  const lock = await readLock(options.projectDir).catch((error: unknown) => {
    throw new CogError('WEIGHTS_LOCK', `load weights.lock: ${(error as Error).message}`, {
      cause: error,
    });
  });
  if (lock === undefined)
    throw new CogError(
      'WEIGHTS_LOCK',
      'managed weights configured but no lockfile found: read weights.lock: no such file',
      {
        hint: "Run 'cog weights import' first",
      },
    );
  const store = new WeightStore(weightStoreRoot(options.env));
  const root = path.join(options.projectDir, '.cog', 'mounts', randomBytes(8).toString('hex'));
  options.stack.defer(() => rm(root, { recursive: true, force: true }));
  const binds: string[] = [];
  for (const weight of lock.weights) {
    const dir = path.join(root, weight.name);
    await mkdir(dir, { recursive: true });
    for (const file of weight.files) {
      if (!(await store.has(file.digest, file.size)))
        throw prepareError(
          `weight "${weight.name}" is not fully cached locally (missing ${file.path}); run 'cog weights pull' first`,
        );
      const source = store.filePath(file.digest);
      const destination = path.join(dir, ...file.path.split('/'));
      await mkdir(path.dirname(destination), { recursive: true });
      try {
        await link(source, destination);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EXDEV')
          throw prepareError(
            `hardlink ${source} -> ${destination} failed: cache directory and project directory are on different filesystems. Set COG_CACHE_DIR to a path on the same filesystem as your project, then re-run 'cog weights pull'. underlying error: ${(error as Error).message}`,
          );
        throw prepareError(
          `hardlink ${source} -> ${destination} failed: ${(error as Error).message}`,
        );
      }
    }
    binds.push(`${dir}:${weight.target}:ro`);
  }
  return binds;
}

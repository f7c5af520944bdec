// `.cog/cog.lock` (build.md §2.2): one build at a time per project, so two commands never
// stage into the same `.cog/build`. A lock file created exclusively, holding the owner's PID;
// a lock whose owner is gone is taken over, a live one is waited for.
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { CogError } from '../cog-error.ts';
import type { CleanupStack } from './cleanup-stack.ts';

export interface LockOptions {
  /** Called once when the lock is busy, before waiting. */
  onWait?: (ownerPid: number) => void;
  signal?: AbortSignal;
  pollMs?: number;
}

/** Takes the project lock; it is released early by the returned function or by the stack. */
export async function lockProject(
  projectDir: string,
  stack: CleanupStack,
  options: LockOptions = {},
): Promise<() => Promise<void>> {
  const file = path.join(projectDir, '.cog', 'cog.lock');
  await mkdir(path.dirname(file), { recursive: true });
  let announced = false;
  for (;;) {
    if (options.signal?.aborted === true)
      throw new CogError('INTERRUPTED', 'interrupted while waiting for the project lock');
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return stack.defer(async () => {
        // Only remove our own lock (a stale-lock takeover by someone else replaced it).
        const owner = await readFile(file, 'utf8').catch(() => '');
        if (owner.trim() === String(process.pid)) await rm(file, { force: true });
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (!Number.isInteger(owner) || owner <= 0 || !isAlive(owner)) {
      await rm(file, { force: true });
      continue;
    }
    if (!announced) {
      options.onWait?.(owner);
      announced = true;
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

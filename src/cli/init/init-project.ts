// `cog init`: writes the starter files into the current directory. An existing file is never
// overwritten (`Skipped existing <path>`, as the original does). Each file is written to a
// temporary name and hard-linked into place, which fails instead of clobbering a file that
// appeared meanwhile; if anything fails, every file and directory this run created is removed
// again, so a failed init leaves the directory as it found it.
import { randomBytes } from 'node:crypto';
import { link, mkdir, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CogError } from '../../cog-error.ts';
import type { CommandContext } from '../command-context.ts';
import { starterFiles, type StarterFile } from './init-templates.ts';
import { userGuidePage } from '../user-docs.ts';

export interface StarterFilesResult {
  /** Per file, in template order: created or skipped because it existed. */
  outcomes: Array<{ path: string; created: boolean }>;
}

export async function initProject(context: CommandContext): Promise<void> {
  const { console } = context;
  console.info('Setting up the current directory for use with Cog...\n');
  const result = await writeStarterFiles(context.cwd, starterFiles);
  for (const outcome of result.outcomes) {
    console.info(outcome.created ? `Creating ${outcome.path}` : `Skipped existing ${outcome.path}`);
  }
  console.info('');
  console.success(
    `Done! For next steps, read the getting-started guide: ${userGuidePage('getting-started.md')}`,
  );
}

export async function writeStarterFiles(
  dir: string,
  files: readonly StarterFile[],
): Promise<StarterFilesResult> {
  const created: string[] = [];
  const createdDirs: string[] = [];
  const outcomes: StarterFilesResult['outcomes'] = [];
  try {
    for (const file of files) {
      const target = path.join(dir, ...file.path.split('/'));
      if (await exists(target)) {
        outcomes.push({ path: file.path, created: false });
        continue;
      }
      createdDirs.push(...(await makeParents(dir, path.dirname(target))));
      const written = await writeNew(target, file.content);
      if (written) created.push(target);
      outcomes.push({ path: file.path, created: written });
    }
  } catch (error) {
    await rollBack(created, createdDirs);
    const reason = error instanceof Error ? error.message : String(error);
    throw new CogError('INIT_WRITE_FAILED', `failed to set up ${dir} for Cog: ${reason}`, {
      hint: 'Nothing was written; fix the problem above and run "cog init" again.',
      cause: error,
    });
  }
  return { outcomes };
}

/** Writes `content` to `target` only if it does not exist; false when something got there first. */
async function writeNew(target: string, content: string): Promise<boolean> {
  const temporary = `${target}.cog-init-${randomBytes(6).toString('hex')}`;
  await writeFile(temporary, content, { mode: 0o644, flag: 'wx' });
  try {
    await link(temporary, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/** Creates the missing directories between `root` and `dir`; returns them, outermost first. */
async function makeParents(root: string, dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (
    let current = dir;
    current !== root && !(await exists(current));
    current = path.dirname(current)
  ) {
    missing.unshift(current);
  }
  for (const directory of missing) await mkdir(directory);
  return missing;
}

async function rollBack(files: string[], dirs: string[]): Promise<void> {
  for (const file of files.reverse()) await rm(file, { force: true });
  // rmdir only removes empty directories: anything someone else put there survives.
  for (const dir of dirs.reverse()) await rmdir(dir).catch(() => undefined);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

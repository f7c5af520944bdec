// Finds the project root: the nearest directory, from `cwd` upwards, that contains the config
// file (§2.1). `fileName` is the `-f` value and is joined onto each candidate, so
// `-f configs/prod.yaml` makes the directory that holds `configs/` the project root.
// Deliberate change: an absolute `-f` is used as is (its directory is the project root); the
// original joins it onto every candidate directory, so it never finds anything.
import { statSync } from 'node:fs';
import path from 'node:path';
import { CogError } from '../cog-error.ts';

export const DEFAULT_CONFIG_FILE = 'cog.yaml';
export const MAX_PARENT_LEVELS = 100;

export interface ProjectLocation {
  projectDir: string;
  configPath: string;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function notFound(fileName: string, cwd: string): CogError {
  return new CogError(
    'CONFIG_NOT_FOUND',
    `${fileName} not found in ${cwd} (or in any parent directories)`,
    {
      hint: 'Run `cog init` to create a cog.yaml, or pass the config file name with -f.',
    },
  );
}

export function findProjectRoot(
  cwd: string,
  fileName: string = DEFAULT_CONFIG_FILE,
): ProjectLocation {
  const start = path.resolve(cwd);
  if (path.isAbsolute(fileName)) {
    if (!isFile(fileName)) throw notFound(fileName, start);
    return { projectDir: path.dirname(fileName), configPath: fileName };
  }
  let dir = start;
  for (let level = 0; level < MAX_PARENT_LEVELS; level++) {
    const candidate = path.join(dir, fileName);
    if (isFile(candidate)) return { projectDir: dir, configPath: candidate };
    const parent = path.dirname(dir);
    if (parent === dir) throw notFound(fileName, start);
    dir = parent;
  }
  throw new CogError('CONFIG_NOT_FOUND', 'No cog.yaml found in parent directories.');
}

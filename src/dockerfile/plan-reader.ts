// The small filesystem surface planBuild() needs: reading the requirements file, checking local
// package artifacts, COG_SDK_WHEEL paths and COG_CA_CERT. Injected so that tests can use an
// in-memory tree (see memoryReader) and the planner stays free of hidden I/O.
import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

export type EntryKind = 'file' | 'directory' | 'other';

export interface PlanReader {
  /** UTF-8 contents; throws an Error whose message is the OS error when unreadable. */
  readText(file: string): string;
  /** Kind of the entry after following symlinks, or undefined when it does not exist. */
  kind(file: string): EntryKind | undefined;
  /** Entry names of a directory, sorted. */
  list(dir: string): string[];
  /** Absolute path with every symlink resolved. */
  realPath(file: string): string;
}

export const nodeReader: PlanReader = {
  readText: (file) => readFileSync(file, 'utf8'),
  kind: (file) => {
    try {
      const st = statSync(file);
      return st.isFile() ? 'file' : st.isDirectory() ? 'directory' : 'other';
    } catch {
      return undefined;
    }
  },
  list: (dir) => readdirSync(dir).sort(),
  realPath: (file) => realpathSync(file),
};

/**
 * An in-memory reader over `{ "/abs/path": "contents" }`; directories are implied by paths.
 * `links` maps a symlink's absolute path to its absolute target.
 */
export function memoryReader(
  files: Record<string, string>,
  links: Record<string, string> = {},
): PlanReader {
  const resolve = (file: string): string => {
    let current = path.resolve(file);
    for (let i = 0; i < 40; i++) {
      const link = Object.keys(links).find((l) => current === l || current.startsWith(`${l}/`));
      if (link === undefined) return current;
      current = path.join(links[link] ?? '', current.slice(link.length));
    }
    return current;
  };
  const isDir = (dir: string): boolean => Object.keys(files).some((f) => f.startsWith(`${dir}/`));
  return {
    readText: (file) => {
      const contents = files[resolve(file)];
      if (contents === undefined) throw new Error(`open ${file}: no such file or directory`);
      return contents;
    },
    kind: (file) => {
      const real = resolve(file);
      if (files[real] !== undefined) return 'file';
      return isDir(real) ? 'directory' : undefined;
    },
    list: (dir) => {
      const real = resolve(dir);
      const names = Object.keys(files)
        .filter((f) => f.startsWith(`${real}/`))
        .map((f) => f.slice(real.length + 1).split('/')[0] ?? '');
      return [...new Set(names)].sort();
    },
    realPath: resolve,
  };
}

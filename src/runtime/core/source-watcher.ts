// Watches the project directory for `cog serve --watch` (COG_WATCH): every directory under the
// root gets its own non-recursive fs.watch (inotify inside the container, where the project is
// bind-mounted at /src), so the ignored trees (.git, .cog, __pycache__, node_modules) are never
// walked or watched at all; a directory created later is picked up from its parent's event.
// Changes are debounced into one callback with the paths that changed. cog.yaml is ignored
// here: a change to it needs a rebuild, which the CLI watches for on the host.
import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

const IGNORED_DIRS = new Set(['.git', '.cog', '__pycache__', 'node_modules', '.hg', '.svn']);
/** Editor droppings and build products that are not the project's source. */
const IGNORED_FILE = /(~|\.swp|\.swx|\.pyc|\.pyo|^\.#.*|^#.*#|^4913)$/;
const ROOT_FILES_IGNORED = new Set(['cog.yaml']);
/** Past this many directories the rest is not watched (and a warning says so). */
const MAX_DIRS = 4096;

export interface SourceWatcherOptions {
  root: string;
  debounceMs: number;
  onChange(paths: string[]): void;
  warn(message: string): void;
}

/** Whether a change at `relative` (to the root, `/`-separated) is one to react to. */
export function isWatchedPath(relative: string): boolean {
  const parts = relative.split(/[\\/]/).filter((p) => p !== '');
  if (parts.length === 0) return false;
  if (parts.slice(0, -1).some((part) => IGNORED_DIRS.has(part))) return false;
  const name = parts.at(-1) as string;
  if (IGNORED_DIRS.has(name) || IGNORED_FILE.test(name)) return false;
  return !(parts.length === 1 && ROOT_FILES_IGNORED.has(name));
}

export class SourceWatcher {
  readonly #options: SourceWatcherOptions;
  readonly #watchers = new Map<string, FSWatcher>();
  #pending = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #warnedFull = false;
  #closed = false;

  constructor(options: SourceWatcherOptions) {
    this.#options = options;
    this.#watchTree(options.root);
  }

  get watchedDirectories(): number {
    return this.#watchers.size;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    for (const watcher of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
  }

  #watchTree(dir: string): void {
    if (this.#closed || this.#watchers.has(dir)) return;
    if (this.#watchers.size >= MAX_DIRS) {
      if (!this.#warnedFull)
        this.#options.warn(`--watch: more than ${MAX_DIRS} directories; not watching ${dir}`);
      this.#warnedFull = true;
      return;
    }
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, { persistent: false }, (_event, name) => {
        if (name !== null) this.#changed(path.join(dir, name.toString()));
      });
    } catch (error) {
      this.#options.warn(`--watch: cannot watch ${dir}: ${(error as Error).message}`);
      return;
    }
    // A directory that goes away ends its watcher with an error on some systems.
    watcher.on('error', () => this.#unwatch(dir));
    this.#watchers.set(dir, watcher);
    let entries: import('node:fs').Dirent[] = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      // vanished between the watch and the listing
    }
    for (const entry of entries)
      if (entry.isDirectory() && !IGNORED_DIRS.has(entry.name))
        this.#watchTree(path.join(dir, entry.name));
  }

  #unwatch(dir: string): void {
    for (const [watched, watcher] of this.#watchers)
      if (watched === dir || watched.startsWith(`${dir}${path.sep}`)) {
        watcher.close();
        this.#watchers.delete(watched);
      }
  }

  #changed(full: string): void {
    const relative = path.relative(this.#options.root, full);
    if (!isWatchedPath(relative)) return;
    // A new directory (mkdir, a checkout) is watched from now on; a removed one is dropped.
    try {
      if (statSync(full).isDirectory()) this.#watchTree(full);
    } catch {
      this.#unwatch(full);
    }
    this.#pending.add(relative.split(path.sep).join('/'));
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      const paths = [...this.#pending].sort();
      this.#pending = new Set();
      if (!this.#closed) this.#options.onChange(paths);
    }, this.#options.debounceMs);
  }
}

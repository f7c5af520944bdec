// `cog serve --watch` on the host: the files the image is built from (cog.yaml, and the
// requirements file it names) are watched here, because a change to them cannot be picked up by
// reloading the predictor; the runtime inside the container reloads on everything else. A change
// whose parsed config is the same as the one the image was built from (a comment, spacing) needs
// no rebuild; a cog.yaml that no longer loads is reported and the running server kept.
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { loadConfig, type LoadedConfig } from '../../config/index.ts';

export type BuildInputChange =
  | { kind: 'rebuild'; reason: string }
  | { kind: 'unchanged'; file: string }
  | { kind: 'invalid'; message: string };

export interface BuildInputWatcherOptions {
  project: LoadedConfig;
  /** The -f value, as loadProject was given it. */
  file: string;
  cwd: string;
  onChange(change: BuildInputChange): void;
  debounceMs?: number;
}

/** The files a rebuild depends on, absolute. */
export function buildInputs(project: LoadedConfig): string[] {
  const files = [project.configPath];
  const requirements = project.config.build?.python_requirements;
  if (requirements) files.push(path.resolve(project.projectDir, requirements));
  return files;
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Pure decision: does what is on disk now need another build than `built`? */
export function compareBuildInputs(
  built: { config: unknown; requirements: string | null },
  now: { config: unknown; requirements: string | null },
  names: { config: string; requirements: string | null },
): BuildInputChange {
  if (JSON.stringify(built.config) !== JSON.stringify(now.config))
    return { kind: 'rebuild', reason: `${names.config} changed` };
  if (built.requirements !== now.requirements && names.requirements !== null)
    return { kind: 'rebuild', reason: `${names.requirements} changed` };
  return { kind: 'unchanged', file: names.config };
}

export function watchBuildInputs(options: BuildInputWatcherOptions): { close(): void } {
  const { project } = options;
  const requirementsPath = buildInputs(project)[1] ?? null;
  const built = {
    config: project.config,
    requirements: requirementsPath === null ? null : readOrNull(requirementsPath),
  };
  const names = {
    config: path.basename(project.configPath),
    requirements: requirementsPath === null ? null : path.basename(requirementsPath),
  };
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    let now: LoadedConfig;
    try {
      now = loadConfig({ cwd: options.cwd, file: options.file });
    } catch (error) {
      return options.onChange({ kind: 'invalid', message: (error as Error).message });
    }
    const nowRequirements = requirementsPath === null ? null : readOrNull(requirementsPath);
    // A requirements file that cog.yaml now names differently is a config change, caught above.
    options.onChange(
      compareBuildInputs(built, { config: now.config, requirements: nowRequirements }, names),
    );
  };
  // Directories, not files: editors save by writing a new file and renaming it over the old
  // one, which ends a watch on the file itself.
  const watched = new Map<string, Set<string>>();
  for (const file of buildInputs(project)) {
    const dir = path.dirname(file);
    const set = watched.get(dir) ?? new Set<string>();
    set.add(path.basename(file));
    watched.set(dir, set);
  }
  const watchers: FSWatcher[] = [];
  for (const [dir, files] of watched) {
    try {
      watchers.push(
        watch(dir, { persistent: false }, (_event, name) => {
          if (name === null || !files.has(name.toString())) return;
          clearTimeout(timer);
          timer = setTimeout(check, options.debounceMs ?? 100);
        }),
      );
    } catch {
      // a directory we cannot watch: the runtime still reloads the predictor
    }
  }
  return {
    close: () => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}

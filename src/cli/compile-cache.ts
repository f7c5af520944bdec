// V8's compiled code of the CLI bundle, kept between runs (Node's module compile cache): a
// command then skips parsing and compiling its chunks (~0.7 MB of JavaScript for `cog debug`),
// which is most of what start-up costs beyond Node's own. The entry point enables it before it
// imports anything; Node keys the entries by file content and Node version, so an upgraded CLI
// or Node never reads stale code. NODE_COMPILE_CACHE (a directory) and
// NODE_DISABLE_COMPILE_CACHE=1 keep their usual meaning.

/** `$XDG_CACHE_HOME/cog/compile-cache`, else `~/.cache/cog/compile-cache`; undefined without a home. */
export function compileCacheDir(
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  if (env['NODE_COMPILE_CACHE']) return env['NODE_COMPILE_CACHE'];
  const root = env['XDG_CACHE_HOME'] || (env['HOME'] ? `${env['HOME']}/.cache` : undefined);
  return root === undefined ? undefined : `${root}/cog/compile-cache`;
}

interface ModuleWithCompileCache {
  enableCompileCache?: (dir?: string) => { status?: unknown } | undefined;
  constants?: { compileCacheStatus?: { ENABLED?: unknown; ALREADY_ENABLED?: unknown } };
}

/**
 * Turns the cache on for the modules loaded from now on; true when it is on. Never fails the
 * command: a read-only home or an old Node only costs the speed-up. `getModule` is
 * `process.getBuiltinModule` (Node ≥ 22.3), which returns the CommonJS object without building
 * an ES module facade.
 */
export function enableCompileCache(
  env: Readonly<Record<string, string | undefined>>,
  getModule: ((id: string) => unknown) | undefined,
): boolean {
  if (env['NODE_DISABLE_COMPILE_CACHE'] || getModule === undefined) return false;
  const dir = compileCacheDir(env);
  if (dir === undefined) return false;
  try {
    const nodeModule = getModule('node:module') as ModuleWithCompileCache;
    const status = nodeModule.enableCompileCache?.(dir)?.status;
    const known = nodeModule.constants?.compileCacheStatus;
    return (
      status !== undefined &&
      known !== undefined &&
      (status === known.ENABLED || status === known.ALREADY_ENABLED)
    );
  } catch {
    // The cache is an optimisation only.
    return false;
  }
}

interface V8Flags {
  setFlagsFromString(flags: string): void;
}

/**
 * Loads a module with V8's lazy compilation off, so the compile cache stores the bytecode of
 * every function in it, not only of the code that runs at load time (V8 compiles a function on
 * its first call, and Node writes a module's cache entry when it compiles the module). For a
 * module whose functions nearly all run, the next start then compiles nothing: `cog debug`'s
 * chunk (yaml, the config and dockerfile stages) saves ~2.5 ms CPU. Only with the cache on
 * (without it every start would compile the whole file, ~5 ms more), and never when the user
 * gave Node a lazy-compilation flag of their own, which `--lazy` afterwards would undo.
 */
export async function importCompiledEagerly<T>(
  load: () => Promise<T>,
  options: {
    cacheOn: boolean;
    nodeFlags: readonly string[];
    v8: (() => V8Flags | undefined) | undefined;
  },
): Promise<T> {
  const ownFlag = options.nodeFlags.some((flag) => flag.includes('lazy'));
  const v8 = options.cacheOn && !ownFlag ? options.v8?.() : undefined;
  if (v8 === undefined) return load();
  v8.setFlagsFromString('--no-lazy');
  try {
    return await load();
  } finally {
    v8.setFlagsFromString('--lazy');
  }
}

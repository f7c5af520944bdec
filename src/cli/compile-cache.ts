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
  enableCompileCache?: (dir?: string) => unknown;
}

/**
 * Turns the cache on for the modules loaded from now on. Never fails the command: a read-only
 * home or an old Node only costs the speed-up. `getModule` is `process.getBuiltinModule`
 * (Node ≥ 22.3), which returns the CommonJS object without building an ES module facade.
 */
export function enableCompileCache(
  env: Readonly<Record<string, string | undefined>>,
  getModule: ((id: string) => unknown) | undefined,
): void {
  if (env['NODE_DISABLE_COMPILE_CACHE'] || getModule === undefined) return;
  const dir = compileCacheDir(env);
  if (dir === undefined) return;
  try {
    (getModule('node:module') as ModuleWithCompileCache).enableCompileCache?.(dir);
  } catch {
    // The cache is an optimisation only.
  }
}

// The version line `cog --version` prints. The bundle gets the version from esbuild's
// `define`; when the sources run directly (tests, `node src/cli/main.ts`) it falls back to
// package.json, read only then so the bundled CLI never touches the file system for it (nor
// imports node:fs: the entry point imports nothing, see main.ts).

declare const __COG_VERSION__: string | undefined;
declare const __COG_BUILD_TIME__: string | undefined;

export function cogVersion(): string {
  if (typeof __COG_VERSION__ === 'string') return __COG_VERSION__;
  const pkgUrl = new URL('../../package.json', import.meta.url);
  const { readFileSync } = process.getBuiltinModule('node:fs');
  const pkg = JSON.parse(readFileSync(pkgUrl, 'utf8')) as { version?: string };
  return pkg.version ?? 'dev';
}

/** `cog version <version> (built <time>)`, as the original prints it; `none` for dev builds. */
export function versionLine(): string {
  const built = typeof __COG_BUILD_TIME__ === 'string' ? __COG_BUILD_TIME__ : 'none';
  return `cog version ${cogVersion()} (built ${built})`;
}

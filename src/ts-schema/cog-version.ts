// The Cog version for `info.version` of a TypeScript model's document, as the Python SDK and the
// original 0.22 write it (the image's `run.cog.version` label, runtime.md §8.2).
import { readFileSync } from 'node:fs';

declare const __COG_VERSION__: string | undefined;

/** The bundles get it from esbuild's `define`; from the sources it is package.json's. */
export function cogVersion(): string {
  if (typeof __COG_VERSION__ === 'string') return __COG_VERSION__;
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}

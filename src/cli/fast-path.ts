// Which argv the entry point (main.ts) answers without commander. Imports nothing: the entry
// bundles it.

/** The bare `cog debug`: no flags, no operands, so nothing to parse (see fast-debug.ts). */
export function isBareDebug(argv: readonly string[]): boolean {
  return argv.length === 1 && argv[0] === 'debug';
}

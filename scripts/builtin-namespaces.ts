// A post-processing step of the CLI chunks (scripts/build.ts). Each ES module import of a Node
// built-in is a CommonJS require in the chunks (the builtins-as-commonjs plugin), which esbuild
// wraps in `__toESM(require_node_fs(), 1)` at every import site: a fresh object with one getter
// per export of the built-in (fs has ~100), ~3 ms CPU of `cog debug` for 16 sites. Where the
// chunk only ever reads members of that object (`import_node_fs.readFileSync`,
// `import_node_path.default`), an object whose prototype is the built-in and whose own
// `default` is the built-in reads the same values, still live, without copying anything. A
// site that uses the object itself as a value (passes it on, spreads or enumerates it) keeps
// esbuild's wrapper, whose own keys such code may rely on.

export const NAMESPACE_HELPER = '__cogBuiltinNamespace';

const helperSource = `var ${NAMESPACE_HELPER} = (m) => Object.create(m, { default: { value: m, enumerable: true } });\n`;

/** `code` (one chunk, banner excluded) with member-only built-in import sites lightened. */
export function lightenBuiltinNamespaces(code: string): string {
  let replaced = 0;
  const out = code.replace(
    /\bvar (import_node_\w+) = __toESM\((require_node_\w+)\(\)(?:, 1)?\);/g,
    (declaration, name: string, requireFn: string) => {
      // Every other mention of the name must be a member access (`name.x`, `name?.x`).
      const valueUses = code.match(new RegExp(`\\b${name}\\b(?!\\s*\\??\\.)`, 'g')) ?? [];
      if (valueUses.length !== 1) return declaration; // 1: the declaration itself
      replaced++;
      return `var ${name} = ${NAMESPACE_HELPER}(${requireFn}());`;
    },
  );
  return replaced === 0 ? code : helperSource + out;
}

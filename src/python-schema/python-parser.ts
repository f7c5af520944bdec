// A real Python parser for the static schema analyser: tree-sitter's Python grammar, run as
// WebAssembly (web-tree-sitter), so no native addon and no Python on the host. Loaded lazily on
// first use (about 25 ms) so CLI start-up does not pay for it. The two .wasm files ship next to
// the bundle in dist/wasm/ (scripts/build.ts copies them); from the sources they come from
// node_modules.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Node as TreeNode, Parser as TreeParser } from 'web-tree-sitter';

export type SyntaxNode = TreeNode;

let parser: Promise<TreeParser> | undefined;

/** Parses Python source; syntax errors leave ERROR nodes in the tree (see `hasSyntaxError`). */
export async function parsePython(source: string): Promise<SyntaxNode> {
  parser ??= loadParser();
  const tree = (await parser).parse(source);
  if (tree === null) throw new Error('the Python parser returned no tree');
  return tree.rootNode;
}

async function loadParser(): Promise<TreeParser> {
  const { Parser, Language } = await import('web-tree-sitter');
  const runtimeWasm = wasmFile('tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm');
  await Parser.init({ locateFile: () => runtimeWasm });
  const language = await Language.load(
    wasmFile('tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm'),
  );
  const instance = new Parser();
  instance.setLanguage(language);
  return instance;
}

/** dist/wasm/<name> beside the bundle (dist/cog.mjs or dist/chunks/*.mjs), else the npm package. */
function wasmFile(name: string, packagePath: string): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of [path.join(here, 'wasm'), path.join(here, '..', 'wasm')]) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return createRequire(import.meta.url).resolve(packagePath);
}

// Caps on what readYaml() accepts, checked before the YAML library builds its document tree.
// A real cog.yaml is a few KB with a few hundred nodes, nested about six levels deep. The
// caps keep hostile input from costing unbounded time or memory, and they turn what would be
// a stack overflow inside the YAML library (its composer recurses once per nesting level)
// into an error that says where and what the limit is. The CST the library's parser yields is
// walked here with an explicit stack, so no input can make this check itself recurse.
import type { CST } from 'yaml';

/** Bytes of UTF-8: far above any real cog.yaml, low enough to parse in well under a second. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** Nesting of mappings and lists (the document's top-level mapping is level 1). */
export const MAX_NESTING_DEPTH = 64;
/** Keys, values and list items, counted after aliases are expanded. */
export const MAX_NODES = 100_000;

export interface LimitProblem {
  /** Offset (UTF-16 index into the text) of the node or byte where the limit is passed. */
  offset: number;
  message: string;
}

/** The first offset past MAX_CONFIG_BYTES, or undefined when the text is small enough. */
export function sizeProblem(text: string): LimitProblem | undefined {
  // Every UTF-16 unit is at most 3 UTF-8 bytes, so short texts need no counting.
  if (text.length * 3 <= MAX_CONFIG_BYTES) return undefined;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= MAX_CONFIG_BYTES) return undefined;
  return {
    offset: offsetOfByte(text, MAX_CONFIG_BYTES),
    message: sizeMessage(bytes),
  };
}

export function sizeMessage(bytes: number): string {
  return `the file is ${bytes} bytes; a cog.yaml may be at most ${MAX_CONFIG_BYTES} bytes (1 MiB)`;
}

function offsetOfByte(text: string, limit: number): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A surrogate pair is 4 bytes in all, 2 counted per half.
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdfff ? 2 : 3;
    if (bytes > limit) return i;
  }
  return text.length;
}

export function depthMessage(): string {
  return `mappings and lists are nested more than ${MAX_NESTING_DEPTH} levels deep`;
}

export function nodesMessage(expanded: boolean): string {
  return expanded
    ? `the document expands to more than ${MAX_NODES} nodes (aliases nested too deeply?)`
    : `the document has more than ${MAX_NODES} nodes`;
}

/** The first place where the CST nests too deeply or has too many nodes, if any. */
export function cstProblem(tokens: readonly CST.Token[]): LimitProblem | undefined {
  const stack: Array<{ token: CST.Token; depth: number }> = [];
  for (const token of [...tokens].reverse())
    if (token.type === 'document') stack.push({ token, depth: 0 });
  let nodes = 0;
  while (stack.length > 0) {
    const { token, depth } = stack.pop() as { token: CST.Token; depth: number };
    if (token.type === 'document') {
      if (token.value) stack.push({ token: token.value, depth });
      continue;
    }
    if (++nodes > MAX_NODES) return { offset: token.offset, message: nodesMessage(false) };
    if (
      token.type !== 'block-map' &&
      token.type !== 'block-seq' &&
      token.type !== 'flow-collection'
    )
      continue;
    if (depth + 1 > MAX_NESTING_DEPTH) return { offset: token.offset, message: depthMessage() };
    // Pushed in reverse so that nodes are visited in document order.
    for (let i = token.items.length - 1; i >= 0; i--) {
      const item = token.items[i];
      if (item?.value) stack.push({ token: item.value, depth: depth + 1 });
      if (item && 'key' in item && item.key) stack.push({ token: item.key, depth: depth + 1 });
    }
  }
  return undefined;
}

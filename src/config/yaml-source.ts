// Reads cog.yaml text into plain values plus the source position of every node. Two things a
// plain `YAML.parse` gets wrong for cog.yaml are handled here:
// * String-typed fields keep the scalar's source text: an unquoted `python_version: 3.10` is
//   "3.10" (not the number 3.1), `cuda: 12.10` is "12.10", `image: true` is "true". The Go
//   decoder of the original copies the scalar text into string fields; we do the same.
// * Boolean fields accept the YAML 1.1 words (yes/no/on/off/y/n), as the original's decoder
//   does when it decodes into a typed bool.
// Which fields are which comes from the caller (`kindAt`, derived from our JSON schema), so
// this module knows nothing about cog.yaml itself.
import {
  Composer,
  LineCounter,
  Parser,
  YAMLMap,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type CST,
  type Document,
  type Node,
} from 'yaml';
import type { SourcePosition } from '../cog-error.ts';
import {
  MAX_NESTING_DEPTH,
  MAX_NODES,
  cstProblem,
  depthMessage,
  nodesMessage,
  sizeProblem,
} from './yaml-limits.ts';

export type PathSegment = string | number;
export type FieldKind = 'string' | 'boolean' | 'other';

export interface NodePositions {
  /** Where the mapping key of this node starts, when the node is a mapping value. */
  key?: SourcePosition;
  value: SourcePosition;
}

export interface YamlSource {
  fileName: string;
  /** Plain JS value: objects, arrays, strings, numbers, booleans, null. */
  value: unknown;
  /** Keyed by JSON pointer (`/build/python_version`, `/environment/0`; root is ``). */
  positions: Map<string, NodePositions>;
}

export interface YamlSyntaxError {
  /** `limit`: the input is over one of the caps in yaml-limits.ts rather than malformed. */
  kind: 'syntax' | 'limit';
  message: string;
  position: SourcePosition;
}

export type YamlReadResult =
  { ok: true; source: YamlSource } | { ok: false; errors: YamlSyntaxError[] };

const YAML11_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON']);
const YAML11_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);
const DUPLICATE_KEY = 'Map keys must be unique';

/** Thrown inside the walk when alias expansion passes a cap; carries the alias's offset. */
class LimitExceeded extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

/** The yaml library's messages are good, except where they speak to its API instead of the user. */
function friendlier(code: string, message: string): string {
  return code === 'MULTIPLE_DOCS'
    ? 'the file must contain a single YAML document (found a second one after ---)'
    : message;
}

export function pointer(path: readonly PathSegment[]): string {
  return path.map((s) => '/' + String(s).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}

export function readYaml(
  text: string,
  fileName: string,
  kindAt: (path: readonly PathSegment[]) => FieldKind,
): YamlReadResult {
  const lineCounter = new LineCounter();
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: fileName, line, column: col };
  };
  const fail = (kind: YamlSyntaxError['kind'], message: string, offset: number) => ({
    ok: false as const,
    errors: [{ kind, message, position: at(offset) }],
  });
  const tooLarge = sizeProblem(text);
  if (tooLarge !== undefined) {
    // Only the lines up to the offending byte are counted, for its position.
    scanLines(text.slice(0, tooLarge.offset + 1), lineCounter);
    return fail('limit', tooLarge.message, tooLarge.offset);
  }
  const tokens = [...new Parser(lineCounter.addNewLine).parse(text)];
  const overLimit = cstProblem(tokens);
  if (overLimit !== undefined) return fail('limit', overLimit.message, overLimit.offset);
  const { doc, errors } = compose(tokens, text.length);
  if (errors.length > 0) {
    return {
      ok: false,
      errors: errors.map((e) => ({
        kind: 'syntax',
        message: friendlier(e.code, e.message),
        position: at(e.pos[0]),
      })),
    };
  }
  const positions = new Map<string, NodePositions>();
  positions.set('', { value: { file: fileName, line: 1, column: 1 } });
  const walker = new Walker(doc, text, positions, at, kindAt);
  let value: unknown = null;
  try {
    if (doc.contents !== null) value = walker.walk(doc.contents, [], 0);
  } catch (err) {
    if (!(err instanceof LimitExceeded)) throw err;
    return fail('limit', err.message, err.offset);
  }
  if (walker.duplicateKeys.length > 0) {
    return {
      ok: false,
      errors: walker.duplicateKeys.map((offset) => ({
        kind: 'syntax',
        message: DUPLICATE_KEY,
        position: at(offset),
      })),
    };
  }
  return { ok: true, source: { fileName, value, positions } };
}

function scanLines(text: string, lineCounter: LineCounter): void {
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1))
    lineCounter.addNewLine(i + 1);
}

/**
 * parseDocument(), done in two steps so the CST can be checked against the caps first. Keys
 * are not checked for uniqueness here: the library does that by comparing each key with every
 * earlier key of its mapping (quadratic: 40k keys took 44 s); the walker does it with a Set.
 */
function compose(
  tokens: CST.Token[],
  length: number,
): { doc: Document; errors: Array<{ code: string; message: string; pos: [number, number] }> } {
  const composer = new Composer({ prettyErrors: false, uniqueKeys: false });
  let doc: Document | undefined;
  const extra: Array<{ code: string; message: string; pos: [number, number] }> = [];
  for (const next of composer.compose(tokens, true, length)) {
    if (doc === undefined) {
      doc = next;
    } else {
      extra.push({ code: 'MULTIPLE_DOCS', message: '', pos: [next.range[0], next.range[1]] });
      break;
    }
  }
  // compose(…, forceDoc = true) always yields at least one document.
  const first = doc as Document;
  return { doc: first, errors: [...first.errors, ...extra] };
}

class Walker {
  private readonly doc: Document;
  private readonly text: string;
  private readonly positions: Map<string, NodePositions>;
  private readonly at: (offset: number) => SourcePosition;
  private readonly kindAt: (path: readonly PathSegment[]) => FieldKind;
  private nodes = 0;
  /** Maps already checked for duplicate keys (an alias revisits its anchor's map). */
  private readonly checkedMaps = new Set<YAMLMap>();
  /** Offsets of the second and later occurrences of a key in a mapping. */
  readonly duplicateKeys: number[] = [];

  constructor(
    doc: Document,
    text: string,
    positions: Map<string, NodePositions>,
    at: (offset: number) => SourcePosition,
    kindAt: (path: readonly PathSegment[]) => FieldKind,
  ) {
    this.doc = doc;
    this.text = text;
    this.positions = positions;
    this.at = at;
    this.kindAt = kindAt;
  }

  walk(node: Node, path: PathSegment[], depth: number): unknown {
    // The CST was checked against both caps; only alias expansion can pass them here.
    const offset = node.range?.[0] ?? 0;
    if (++this.nodes > MAX_NODES) throw new LimitExceeded(nodesMessage(true), offset);
    this.record(path, node);
    const target = isAlias(node) ? node.resolve(this.doc) : node;
    if (target === undefined) return null;
    if ((isMap(target) || isSeq(target)) && depth + 1 > MAX_NESTING_DEPTH)
      throw new LimitExceeded(depthMessage(), offset);
    if (isMap(target)) {
      const out: Record<string, unknown> = {};
      const checkKeys = !this.checkedMaps.has(target);
      this.checkedMaps.add(target);
      const seen = new Set<string>();
      for (const pair of target.items) {
        if (!isPair(pair)) continue;
        // Keys count as nodes, as in the CST check (yaml-limits.ts).
        if (++this.nodes > MAX_NODES) throw new LimitExceeded(nodesMessage(true), offset);
        const key = this.keyText(pair.key);
        if (checkKeys && isScalar(pair.key)) {
          if (seen.has(key)) this.duplicateKeys.push(pair.key.range?.[0] ?? offset);
          seen.add(key);
        }
        // Not a cog.yaml field, and assigning it would replace the object's prototype.
        if (key === '__proto__') continue;
        const childPath = [...path, key];
        if (pair.value === null || pair.value === undefined) {
          out[key] = null;
          if (isScalar(pair.key) && pair.key.range)
            this.positions.set(pointer(childPath), this.keyOnly(pair.key.range[0]));
        } else {
          out[key] = this.walk(pair.value as Node, childPath, depth + 1);
        }
        if (isScalar(pair.key) && pair.key.range) {
          const entry = this.positions.get(pointer(childPath));
          if (entry) entry.key = this.at(pair.key.range[0]);
        }
      }
      return out;
    }
    if (isSeq(target)) {
      return target.items.map((item, i) =>
        item === null ? null : this.walk(item as Node, [...path, i], depth + 1),
      );
    }
    if (isScalar(target)) return this.scalar(target.value, target.source, target.type, path);
    return null;
  }

  private scalar(
    value: unknown,
    source: string | undefined,
    type: string | undefined,
    path: PathSegment[],
  ): unknown {
    const kind = this.kindAt(path);
    if (kind === 'string' && value !== null && typeof value !== 'string') {
      // Plain scalars carry their source text; anything else (e.g. a !!int tag) falls back to String().
      return type === 'PLAIN' && source !== undefined ? source : String(value);
    }
    if (kind === 'boolean' && typeof value === 'string') {
      if (YAML11_TRUE.has(value)) return true;
      if (YAML11_FALSE.has(value)) return false;
    }
    return value;
  }

  private keyText(key: unknown): string {
    if (isScalar(key)) {
      if (typeof key.value === 'string') return key.value;
      if (key.range) return this.text.slice(key.range[0], key.range[1]).trim();
      return String(key.value);
    }
    return String(key);
  }

  private keyOnly(offset: number): NodePositions {
    return { value: this.at(offset) };
  }

  private record(path: PathSegment[], node: Node): void {
    if (path.length === 0 || !node.range) return;
    this.positions.set(pointer(path), { value: this.at(node.range[0]) });
  }
}

/** Position of the node at `path`, or of its nearest ancestor that exists in the file. */
export function positionAt(
  source: YamlSource,
  path: readonly PathSegment[],
  prefer: 'key' | 'value' = 'value',
): SourcePosition {
  for (let n = path.length; n >= 0; n--) {
    const entry = source.positions.get(pointer(path.slice(0, n)));
    if (entry) return prefer === 'key' && entry.key ? entry.key : entry.value;
  }
  return { file: source.fileName, line: 1, column: 1 };
}

// Python literal expressions → JSON values, for `Input(default=…)`, `choices=[…]`, bounds and
// model field defaults: numbers, strings (adjacent literals joined; no f-strings), True/False/None,
// lists, tuples, dicts, unary minus, and members of the project's own enums (`Color.RED`).
// Anything else raises `Unresolved`: only Python can evaluate it.
import { Unresolved } from './python-module.ts';
import type { SyntaxNode } from './python-parser.ts';

export type PyValue =
  null | boolean | number | bigint | string | PyFloat | PyValue[] | { [key: string]: PyValue };

/** A Python float, kept apart from int (`1.0` vs `1`) where the SDK's checks care. */
export class PyFloat {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
}

/** Looks up `Name.MEMBER` of an enum; returns undefined when `node` is no enum member. */
export type EnumLookup = (node: SyntaxNode) => Promise<PyValue | undefined>;

export async function evalLiteral(node: SyntaxNode, enums?: EnumLookup): Promise<PyValue> {
  switch (node.type) {
    case 'integer':
      return parseInteger(node.text);
    case 'float': {
      const text = node.text.replace(/_/g, '');
      if (/[jJ]$/.test(text)) throw new Unresolved(`complex literal ${node.text}`);
      return new PyFloat(Number(text));
    }
    case 'true':
      return true;
    case 'false':
      return false;
    case 'none':
      return null;
    case 'string':
      return parseString(node);
    case 'concatenated_string': {
      let text = '';
      for (const part of node.namedChildren) if (part !== null) text += parseString(part);
      return text;
    }
    case 'parenthesized_expression': {
      const inner = node.namedChildren[0];
      if (inner === undefined || inner === null) throw new Unresolved(node.text);
      return evalLiteral(inner, enums);
    }
    case 'unary_operator': {
      const operand = node.childForFieldName('argument');
      const operator = node.childForFieldName('operator')?.text;
      if (operand === null || (operator !== '-' && operator !== '+'))
        throw new Unresolved(node.text);
      const value = await evalLiteral(operand, enums);
      if (operator === '+') return value;
      if (typeof value === 'number') return -value;
      if (typeof value === 'bigint') return -value;
      if (value instanceof PyFloat) return new PyFloat(-value.value);
      throw new Unresolved(node.text);
    }
    case 'binary_operator':
      return arithmetic(node, enums);
    case 'list':
    case 'tuple': {
      const items: PyValue[] = [];
      for (const item of node.namedChildren) {
        if (item === null || item.type === 'comment') continue;
        items.push(await evalLiteral(item, enums));
      }
      return items;
    }
    case 'dictionary': {
      const out: { [key: string]: PyValue } = {};
      for (const pair of node.namedChildren) {
        if (pair === null || pair.type === 'comment') continue;
        const key = pair.childForFieldName('key');
        const value = pair.childForFieldName('value');
        if (pair.type !== 'pair' || key === null || value === null) throw new Unresolved(node.text);
        const k = await evalLiteral(key, enums);
        if (typeof k !== 'string') throw new Unresolved(`non-string dict key in ${node.text}`);
        out[k] = await evalLiteral(value, enums);
      }
      return out;
    }
    case 'attribute': {
      const member = enums === undefined ? undefined : await enums(node);
      if (member !== undefined) return member;
      throw new Unresolved(node.text);
    }
    default:
      throw new Unresolved(`not a literal: ${node.text}`);
  }
}

/** `2**63`, `1024 * 1024`, `-1 + 2`: integer arithmetic only (floats are left to Python). */
async function arithmetic(node: SyntaxNode, enums: EnumLookup | undefined): Promise<PyValue> {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  const operator = node.childForFieldName('operator')?.text;
  if (left === null || right === null) throw new Unresolved(node.text);
  const a = await evalLiteral(left, enums);
  const b = await evalLiteral(right, enums);
  if (
    (typeof a !== 'number' && typeof a !== 'bigint') ||
    (typeof b !== 'number' && typeof b !== 'bigint')
  )
    throw new Unresolved(node.text);
  const x = BigInt(a);
  const y = BigInt(b);
  let result: bigint;
  if (operator === '+') result = x + y;
  else if (operator === '-') result = x - y;
  else if (operator === '*') result = x * y;
  else if (operator === '**' && y >= 0n && y < 4096n) result = x ** y;
  else throw new Unresolved(node.text);
  return result >= BigInt(Number.MIN_SAFE_INTEGER) && result <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(result)
    : result;
}

function parseInteger(raw: string): number | bigint {
  const text = raw.replace(/_/g, '').toLowerCase();
  if (text.endsWith('j') || text.endsWith('l')) throw new Unresolved(`literal ${raw}`);
  const big = /^0[box]/.test(text) ? BigInt(text) : BigInt(text.replace(/^0+(?=\d)/, ''));
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(big)
    : big;
}

function parseString(node: SyntaxNode): string {
  const start = node.namedChildren.find((c) => c?.type === 'string_start')?.text ?? '"';
  const prefix = start.replace(/['"]+$/, '').toLowerCase();
  if (prefix.includes('f') || prefix.includes('b') || prefix.includes('t'))
    throw new Unresolved(`string literal ${node.text}`);
  const raw = prefix.includes('r');
  let out = '';
  for (const child of node.namedChildren) {
    if (child === null) continue;
    if (child.type === 'string_content') out += raw ? child.text : unescape(child.text);
    else if (child.type === 'escape_sequence') out += raw ? child.text : unescape(child.text);
    else if (child.type === 'interpolation') throw new Unresolved(node.text);
  }
  return out;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\u0007',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
  '\n': '',
};

function unescape(text: string): string {
  return text.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|.|\n)/g,
    (_m, e: string) => {
      if (/^[xuU]/.test(e)) return String.fromCodePoint(parseInt(e.slice(1), 16));
      if (e.startsWith('N{')) throw new Unresolved(`named escape \\${e}`);
      return SIMPLE_ESCAPES[e] ?? `\\${e}`;
    },
  );
}

/** The plain JSON form (floats as numbers, big ints as numbers too: they only appear in bounds). */
export function toJson(value: PyValue): unknown {
  if (value instanceof PyFloat) return value.value;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJson(v);
    return out;
  }
  return value;
}

/** Python's number view of a value (bools count, as in Python), or undefined. */
export function asNumber(value: PyValue): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof PyFloat) return value.value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

export function pyTypeName(value: PyValue): string {
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number' || typeof value === 'bigint') return 'int';
  if (value instanceof PyFloat) return 'float';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  return 'dict';
}

// Keys cog.yaml does not know (`system_pacakges`, `imgae`): the original drops them silently,
// so a typo turns a setting off without a word. We warn, naming the closest known key, and
// `cog doctor` reports them as errors. Pure: walks the parsed YAML against our JSON schema's
// `properties`, the one list of known keys, so a new field cannot be forgotten here.
import { formatPosition } from '../cog-error.ts';
import type { ConfigWarning } from './config-diagnostics.ts';
import { cogYamlSchema, type JsonSchema } from './cog-yaml-schema.ts';
import { positionAt, type PathSegment, type YamlSource } from './yaml-source.ts';
import { editDistance } from './edit-distance.ts';

export interface UnknownKey {
  path: PathSegment[];
  /** Display name, e.g. `build.system_pacakges` or `weights[0].targte`. */
  field: string;
  /** The closest known key at that level, as a display name; undefined when none is close. */
  suggestion: string | undefined;
}

export function findUnknownKeys(value: unknown, schema: JsonSchema = cogYamlSchema): UnknownKey[] {
  const found: UnknownKey[] = [];
  walk(value, schema, [], found);
  return found;
}

export function unknownKeyWarnings(source: YamlSource): ConfigWarning[] {
  return findUnknownKeys(source.value).map((unknown) => {
    const position = positionAt(source, unknown.path, 'key');
    const hint = unknown.suggestion === undefined ? '' : `; did you mean "${unknown.suggestion}"?`;
    return {
      code: 'CONFIG_UNKNOWN_KEY',
      field: unknown.field,
      replacement: unknown.suggestion ?? '',
      message: `${formatPosition(position)}: unknown field "${unknown.field}" is ignored${hint}`,
      detail: `unknown field "${unknown.field}"${hint}`,
      position,
    };
  });
}

/**
 * For "python_version is required": the key the user probably meant it to be, if one present
 * at `path` is close (`python_versoin`).
 */
export function misspeltRequiredKey(
  value: unknown,
  path: readonly PathSegment[],
  missing: string,
): string | undefined {
  let node = value;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  return Object.keys(node).find((key) => key !== missing && isClose(key, missing));
}

/** The closest candidate within a small edit distance (scaled to the length), if any. */
export function closestKey(typed: string, candidates: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const key of candidates) {
    const distance = editDistance(typed.toLowerCase(), key.toLowerCase());
    if (distance <= allowedDistance(key) && (best === undefined || distance < best.distance))
      best = { key, distance };
  }
  return best?.key;
}

function isClose(typed: string, key: string): boolean {
  return editDistance(typed.toLowerCase(), key.toLowerCase()) <= allowedDistance(key);
}

function allowedDistance(key: string): number {
  return key.length <= 4 ? 1 : key.length <= 8 ? 2 : 3;
}

function walk(value: unknown, schema: JsonSchema, path: PathSegment[], found: UnknownKey[]): void {
  const branches = applicable(schema, value);
  if (Array.isArray(value)) {
    const items = branches.map((b) => b.items).filter((s): s is JsonSchema => s !== undefined);
    value.forEach((item, index) => {
      for (const itemSchema of items) walk(item, itemSchema, [...path, index], found);
    });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const properties = branches.filter((b) => b.properties !== undefined);
  if (properties.length === 0) return; // a mapping the schema does not describe key by key
  const known = new Map<string, JsonSchema>();
  for (const b of properties)
    for (const [k, s] of Object.entries(b.properties ?? {})) known.set(k, s);
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const childSchema = known.get(key);
    if (childSchema !== undefined) {
      walk(child, childSchema, [...path, key], found);
      continue;
    }
    const suggestion = closestKey(key, [...known.keys()]);
    found.push({
      path: [...path, key],
      field: displayName([...path, key]),
      suggestion: suggestion === undefined ? undefined : displayName([...path, suggestion]),
    });
  }
}

/** The schema itself plus the if/then/else branch that applies to `value`, $refs resolved. */
function applicable(schema: JsonSchema, value: unknown): JsonSchema[] {
  const base = resolve(schema);
  const out = [base];
  if (base.if !== undefined) {
    const branch = matchesType(value, base.if.type) ? base.then : base.else;
    if (branch !== undefined) out.push(resolve(branch));
  }
  return out;
}

function resolve(schema: JsonSchema): JsonSchema {
  if (schema.$ref === undefined) return schema;
  return cogYamlSchema.$defs?.[schema.$ref.replace('#/$defs/', '')] ?? {};
}

function matchesType(value: unknown, type: JsonSchema['type']): boolean {
  if (type === undefined) return true;
  const types = Array.isArray(type) ? type : [type];
  const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  return types.includes(actual);
}

function displayName(path: readonly PathSegment[]): string {
  return path
    .map((segment, i) =>
      typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`,
    )
    .join('');
}

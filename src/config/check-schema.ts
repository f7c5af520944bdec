// Runs our JSON schema (cog-yaml-schema.ts) over the parsed YAML and turns ajv's errors into
// the original's wording: `schema error in "<field>": <message>`, the root shown as `cog.yaml`.
// Unlike the original, which reports only its single "most specific" schema error, we report
// one error per offending field, each with its position: the user fixes them all in one go.
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { ConfigError } from './config-diagnostics.ts';
import { validate as generatedValidator } from './cog-yaml-validator.generated.ts';
import { misspeltRequiredKey } from './unknown-keys.ts';
import { positionAt, type PathSegment, type YamlSource } from './yaml-source.ts';

// Compiled ahead of time from cog-yaml-schema.ts by scripts/generate-config-validator.ts (ajv
// standalone code): compiling it with ajv at start-up cost ~50 ms of every command reading
// cog.yaml, and no ajv is loaded at all.
const validate = generatedValidator as unknown as ValidateFunction;

/**
 * The original validates its typed, re-serialised config, where empty values are omitted:
 * `key:` (null), `key: ""` and `key: []` count as absent. Items inside lists are kept.
 */
export function withoutEmptyValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmptyValues);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    out[key] = withoutEmptyValues(v);
  }
  return out;
}

export function checkSchema(
  source: YamlSource,
  options: { pythonVersionOptional?: boolean } = {},
): ConfigError[] {
  if (validate(withoutEmptyValues(source.value ?? {}))) return [];
  const byField = new Map<string, { error: ErrorObject; path: PathSegment[] }>();
  for (const error of validate.errors ?? []) {
    if (error.keyword === 'if') continue; // the failing then/else branch reports the real problem
    // A TypeScript/JavaScript runner builds FROM the Node image: no Python version needed.
    if (
      options.pythonVersionOptional === true &&
      error.keyword === 'required' &&
      (error.params as { missingProperty?: string }).missingProperty === 'python_version'
    )
      continue;
    const path = pathOf(error.instancePath);
    const field = fieldName(path);
    const seen = byField.get(field);
    // One message per field; a wrong type explains more than anything else about that field.
    if (seen === undefined || (error.keyword === 'type' && seen.error.keyword !== 'type')) {
      byField.set(field, { error, path });
    }
  }
  const errors = [...byField.entries()].map(([field, { error, path }]) => ({
    code: 'CONFIG_SCHEMA' as const,
    message: `schema error in "${field}": ${messageOf(error)}${foundInstead(source, error, path)}`,
    position: positionOf(source, error, path),
  }));
  return errors.sort(
    (a, b) => a.position.line - b.position.line || a.position.column - b.position.column,
  );
}

function pathOf(instancePath: string): PathSegment[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function fieldName(path: readonly PathSegment[]): string {
  return path.length === 0 ? 'cog.yaml' : path.join('.');
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  boolean: 'a boolean',
  integer: 'an integer',
  number: 'a number',
};

function joinAlternatives(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

function messageOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type': {
      const types = String(params.type).split(',');
      return `must be ${joinAlternatives(types.map((t) => TYPE_NAMES[t] ?? t))}`;
    }
    case 'required':
      return `${String(params.missingProperty)} is required`;
    case 'not':
      return 'Must not validate the schema (not)';
    case 'pattern':
      return `Does not match pattern '${String(params.pattern)}'`;
    case 'enum':
      return `must be one of the following: ${((params.allowedValues as unknown[]) ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'minItems':
      return `must have at least ${String(params.limit)} item`;
    default:
      return error.message ?? 'is invalid';
  }
}

/** `python_version is required` + `; found "python_versoin"` when a present key is close. */
function foundInstead(source: YamlSource, error: ErrorObject, path: PathSegment[]): string {
  if (error.keyword !== 'required') return '';
  const missing = String((error.params as Record<string, unknown>).missingProperty);
  const found = misspeltRequiredKey(source.value, path, missing);
  return found === undefined ? '' : ` (found "${found}": a typo?)`;
}

function positionOf(source: YamlSource, error: ErrorObject, path: PathSegment[]) {
  // A missing key is best shown at the mapping that lacks it (its key line, e.g. `build:`).
  if (error.keyword === 'required') return positionAt(source, path, 'key');
  // run + predict together: point at `predict`, the deprecated one of the two.
  if (error.keyword === 'not' && path.length === 0) return positionAt(source, ['predict'], 'key');
  return positionAt(source, path);
}

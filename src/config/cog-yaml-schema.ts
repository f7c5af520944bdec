// Our JSON schema for cog.yaml (draft-07, checked with ajv). It carries the structural rules:
// types, required keys, the secret-mount shape, the environment entry pattern. Rules that need
// a good message (python version, weights names/targets, ...) are semantic checks instead, so
// the user is not told the same thing twice.
// Deliberately absent, as in the original: `additionalProperties: false`. The original checks
// its schema against the typed, re-serialised config, so unknown keys never reach it and are
// ignored silently; we get the same by not forbidding them.
// Nulls are removed before the check (a YAML `key:` with no value means "not set"), so no
// type lists here include "null".
import type { FieldKind, PathSegment } from './yaml-source.ts';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  pattern?: string;
  enum?: string[];
  not?: JsonSchema;
  if?: JsonSchema;
  then?: JsonSchema;
  else?: JsonSchema;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
}

export const ENVIRONMENT_ENTRY_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*=.*$';

const stringList: JsonSchema = { type: 'array', items: { type: 'string' } };

const secretMount: JsonSchema = {
  type: 'object',
  required: ['type', 'id', 'target'],
  properties: {
    type: { type: 'string', enum: ['secret'] },
    id: { type: 'string' },
    target: { type: 'string' },
  },
};

/** `build.run` item: a command string, or `{command, mounts}`. */
const runItem: JsonSchema = {
  type: ['string', 'object'],
  if: { type: 'object' },
  then: {
    required: ['command'],
    properties: { command: { type: 'string' }, mounts: { type: 'array', items: secretMount } },
  },
};

const weightSource: JsonSchema = {
  type: 'object',
  required: ['uri'],
  properties: { uri: { type: 'string' }, include: stringList, exclude: stringList },
};

export const cogYamlSchema: JsonSchema = {
  type: 'object',
  not: { required: ['run', 'predict'] },
  properties: {
    build: {
      type: 'object',
      required: ['python_version'],
      properties: {
        gpu: { type: 'boolean' },
        python_version: { type: 'string' },
        python_requirements: { type: 'string' },
        python_packages: stringList,
        system_packages: stringList,
        pre_install: stringList,
        run: { type: 'array', items: runItem },
        cuda: { type: 'string' },
        cudnn: { type: 'string' },
        sdk_version: { type: 'string' },
      },
    },
    run: { type: 'string' },
    predict: { type: 'string' },
    train: { type: 'string' },
    image: { type: 'string' },
    model: { type: 'string' },
    concurrency: {
      type: 'object',
      required: ['max'],
      properties: { max: { type: 'integer' }, default_target: { type: 'integer' } },
    },
    environment: { type: 'array', items: { type: 'string', pattern: ENVIRONMENT_ENTRY_PATTERN } },
    weights: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'target', 'source'],
        properties: {
          name: { type: 'string' },
          target: { type: 'string' },
          // One source object, or a non-empty list of them.
          source: {
            type: ['object', 'array'],
            if: { type: 'array' },
            then: { minItems: 1, items: { $ref: '#/$defs/weightSource' } },
            else: { $ref: '#/$defs/weightSource' },
          },
        },
      },
    },
  },
  $defs: { weightSource },
};

function resolveRef(schema: JsonSchema): JsonSchema {
  if (schema.$ref === undefined) return schema;
  const name = schema.$ref.replace('#/$defs/', '');
  return cogYamlSchema.$defs?.[name] ?? {};
}

/** The schema that applies at `path`, following properties, items and if/then/else branches. */
function schemaAt(path: readonly PathSegment[]): JsonSchema[] {
  let current: JsonSchema[] = [cogYamlSchema];
  for (const segment of path) {
    const next: JsonSchema[] = [];
    for (const raw of current) {
      for (const s of [raw, raw.then, raw.else]
        .filter((x): x is JsonSchema => x !== undefined)
        .map(resolveRef)) {
        const child = typeof segment === 'number' ? s.items : s.properties?.[segment];
        if (child) next.push(resolveRef(child));
      }
    }
    current = next;
  }
  return current;
}

/**
 * How a YAML scalar at `path` must be read: as its source text (fields that are only ever a
 * string), as a bool, or as-is. Union types are not coerced: a `build.run` item that is the
 * number 123 is an error, as in the original, not the command "123".
 */
export function fieldKind(path: readonly PathSegment[]): FieldKind {
  const types = schemaAt(path).map((s) => s.type);
  if (types.includes('string')) return 'string';
  if (types.includes('boolean')) return 'boolean';
  return 'other';
}

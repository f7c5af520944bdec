// The OpenAPI document of a plain JavaScript predictor, from the metadata it exports:
//   export const inputs = { text: { type: 'string', default: 'world', description: '…' } };
//   export const output = { type: 'string' };           // optional; default: any value
//   export const streaming = true;                      // optional: SSE (x-cog-streaming)
// Property order is x-order; the fragments, bounds, choices (an enum component named after
// the input) and secrets are written exactly as the Python SDK writes them
// (python/cog/_inputs.py `input_component`), so validation at the HTTP edge is the same.
import {
  buildDocument,
  componentNames,
  type OpenApiDocument as JsonObject,
  type PredictionMode,
} from '../contracts/openapi-document.ts';
import { cogVersion } from '../ts-schema/cog-version.ts';

/** A metadata description we cannot turn into a schema: names the input and what is wrong. */
export class MetadataError extends Error {}

const SCALARS: Record<string, JsonObject> = {
  string: { type: 'string' },
  integer: { type: 'integer' },
  number: { type: 'number' },
  boolean: { type: 'boolean' },
  path: { type: 'string', format: 'uri' },
  file: { type: 'string', format: 'uri' },
  secret: { type: 'string', format: 'password', writeOnly: true, 'x-cog-secret': true },
  object: { type: 'object' },
};

const INPUT_KEYS = new Set([
  'type',
  'items',
  'description',
  'default',
  'optional',
  'ge',
  'le',
  'minLength',
  'maxLength',
  'regex',
  'choices',
  'deprecated',
]);

export function metadataDocument(options: {
  mode: PredictionMode;
  file: string;
  inputs: unknown;
  output: unknown;
  streaming: unknown;
}): JsonObject {
  const names = componentNames(options.mode);
  const where = `${options.file}: export const inputs`;
  if (
    typeof options.inputs !== 'object' ||
    options.inputs === null ||
    Array.isArray(options.inputs)
  )
    throw new MetadataError(`${where} must be an object of input descriptions`);
  const properties: JsonObject = {};
  const enums: Record<string, JsonObject> = {};
  const required: string[] = [];
  Object.entries(options.inputs as Record<string, unknown>).forEach(
    ([name, description], order) => {
      const input = inputProperty(`${where}.${name}`, name, description, order);
      properties[name] = input.property;
      if (input.enumComponent) enums[name] = input.enumComponent;
      if (input.required) required.push(name);
    },
  );
  const input: JsonObject = { type: 'object', title: names.input };
  if (required.length > 0) input.required = required;
  input.properties = properties;
  const output = {
    title: names.output,
    ...(options.output === undefined
      ? {}
      : outputFragment(`${options.file}: export const output`, options.output)),
  };
  return buildDocument({
    mode: options.mode,
    inputSchema: input,
    outputSchema: output,
    enums,
    streaming: options.streaming === true,
    version: cogVersion(),
  });
}

interface InputProperty {
  property: JsonObject;
  enumComponent: JsonObject | undefined;
  required: boolean;
}

function inputProperty(where: string, name: string, value: unknown, order: number): InputProperty {
  if (typeof value !== 'object' || value === null)
    throw new MetadataError(`${where} must be an object like { type: 'string' }`);
  const spec = value as Record<string, unknown>;
  const unknown = Object.keys(spec).find((key) => !INPUT_KEYS.has(key));
  if (unknown !== undefined) throw new MetadataError(`${where}: unknown field '${unknown}'`);
  const type = String(spec.type);
  const fragment = typeFragment(where, type, spec.items);
  const choices = spec.choices;
  if (choices !== undefined && !(Array.isArray(choices) && choices.length > 0))
    throw new MetadataError(`${where}.choices must be a non-empty array`);
  const enumComponent =
    Array.isArray(choices) && (type === 'string' || type === 'integer')
      ? { title: name, description: 'An enumeration.', enum: choices, type }
      : undefined;
  if (Array.isArray(choices) && enumComponent === undefined)
    throw new MetadataError(`${where}: choices need type 'string' or 'integer', not '${type}'`);
  const hasDefault = spec.default !== undefined && spec.default !== null;
  const optional = spec.optional === true || spec.default === null;
  const property: JsonObject = { 'x-order': order };
  if (enumComponent) property.allOf = [{ $ref: `#/components/schemas/${name}` }];
  else Object.assign(property, { title: title(name) }, fragment);
  if (optional && !hasDefault) property.nullable = true;
  // As the Python SDK (and the original): an optional secret says its default is null.
  if (optional && !hasDefault && type === 'secret') property.default = null;
  if (hasDefault && type !== 'secret') property.default = spec.default;
  if (typeof spec.description === 'string') property.description = spec.description;
  const target = type === 'array' ? (property.items as JsonObject) : property;
  for (const [key, from] of [
    ['minimum', 'ge'],
    ['maximum', 'le'],
  ] as const) {
    if (spec[from] === undefined) continue;
    if (typeof spec[from] !== 'number')
      throw new MetadataError(`${where}.${from} must be a number`);
    target[key] = spec[from];
  }
  for (const [key, from] of [
    ['minLength', 'minLength'],
    ['maxLength', 'maxLength'],
    ['pattern', 'regex'],
  ] as const) {
    if (spec[from] !== undefined) target[key] = spec[from];
  }
  if (spec.deprecated === true) property.deprecated = true;
  return { property, enumComponent, required: !hasDefault && !optional };
}

function typeFragment(where: string, type: string, items: unknown): JsonObject {
  if (type === 'array') {
    const item =
      typeof items === 'object' && items !== null
        ? String((items as Record<string, unknown>).type)
        : 'object';
    if (item === 'array') throw new MetadataError(`${where}: arrays of arrays are not supported`);
    return { type: 'array', items: typeFragment(where, item, undefined) };
  }
  const fragment = SCALARS[type];
  if (fragment === undefined)
    throw new MetadataError(
      `${where}: unsupported type '${type}' (use ${[...Object.keys(SCALARS), 'array'].join(', ')})`,
    );
  return { ...fragment };
}

function outputFragment(where: string, value: unknown): JsonObject {
  if (typeof value !== 'object' || value === null)
    throw new MetadataError(`${where} must be an object like { type: 'string' }`);
  const spec = value as Record<string, unknown>;
  const type = String(spec.type);
  if (type === 'iterator' || type === 'array') {
    const fragment: JsonObject = {
      type: 'array',
      items: spec.items === undefined ? {} : outputFragment(`${where}.items`, spec.items),
    };
    if (type === 'iterator') {
      fragment['x-cog-array-type'] = 'iterator';
      if (spec.concatenate === true) fragment['x-cog-array-display'] = 'concatenate';
    }
    return fragment;
  }
  if (type === 'secret' || type === 'file' || !(type in SCALARS))
    throw new MetadataError(`${where}: unsupported output type '${type}'`);
  return { ...SCALARS[type] };
}

/** `num_inference_steps` → `Num Inference Steps`, as the Python SDK titles inputs. */
export function title(name: string): string {
  return name
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(' ');
}

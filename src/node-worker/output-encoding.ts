// A predictor's return value (or one streamed item) as JSON for the parent. Files: a `Path` is
// a plain string at run time, so the output schema says where one is (`format: uri`); such a
// string that is not already a URL, and any `file:` URL object, becomes the transport's file
// reference (pipes: {"__cog_file__": abs}; file IPC: a file:// URI). Secrets are masked, objects
// with toJSON() use it, and values JSON cannot carry (NaN, bigint, functions, cycles) fail the
// prediction with one message naming where the value is.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenApiDocument as JsonObject } from '../contracts/openapi-document.ts';

export class OutputEncodingError extends Error {}

export interface EncodeContext {
  /** The document, for `$ref`s. */
  document: JsonObject;
  /** Relative paths are relative to the predictor's directory. */
  cwd: string;
  fileRef(absolutePath: string): unknown;
}

const MASK = '**********';

export function encodeOutput(value: unknown, schema: unknown, context: EncodeContext): unknown {
  return encode(value, resolve(schema, context.document), context, 'output', new Set());
}

/** The item schema of an iterator/array output component, for encoding streamed items. */
export function itemSchema(schema: unknown, document: JsonObject): unknown {
  const resolved = resolve(schema, document);
  return resolved !== null && typeof resolved === 'object'
    ? (resolved as JsonObject).items
    : undefined;
}

function resolve(schema: unknown, document: JsonObject): JsonObject | undefined {
  let current = schema;
  for (let depth = 0; depth < 16; depth++) {
    if (current === null || typeof current !== 'object') return undefined;
    const node = current as JsonObject;
    if (typeof node.$ref === 'string') {
      const name = node.$ref.replace(/^#\/components\/schemas\//, '');
      const components = (document.components as JsonObject | undefined)?.schemas as
        JsonObject | undefined;
      current = components?.[name];
    } else if (Array.isArray(node.allOf) && node.allOf.length === 1) {
      current = node.allOf[0];
    } else return node;
  }
  return undefined;
}

function isFileSchema(schema: JsonObject | undefined): boolean {
  return schema?.type === 'string' && schema.format === 'uri';
}

function encode(
  value: unknown,
  schema: JsonObject | undefined,
  context: EncodeContext,
  where: string,
  seen: Set<object>,
): unknown {
  if (value === undefined || value === null) return null;
  switch (typeof value) {
    case 'string':
      return isFileSchema(schema) && !/^(https?|data):/i.test(value)
        ? context.fileRef(path.resolve(context.cwd, value))
        : value;
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value))
        throw new OutputEncodingError(`output is not JSON serialisable: ${value} at ${where}`);
      return value;
    case 'bigint':
    case 'function':
    case 'symbol':
      throw new OutputEncodingError(
        `output is not JSON serialisable: a ${typeof value} at ${where}`,
      );
  }
  const object = value as object;
  if (object instanceof URL) {
    return object.protocol === 'file:' ? context.fileRef(fileURLToPath(object)) : object.href;
  }
  if (typeof (object as { getSecretValue?: unknown }).getSecretValue === 'function') return MASK;
  if (object instanceof Date) return object.toISOString();
  if (seen.has(object))
    throw new OutputEncodingError(`output is not JSON serialisable: a cycle at ${where}`);
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      const items = schema?.items as JsonObject | undefined;
      return object.map((item, i) =>
        encode(item, resolve(items, context.document), context, `${where}[${i}]`, seen),
      );
    }
    const toJSON = (object as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      return encode(toJSON.call(object), schema, context, where, seen);
    }
    const properties = (schema?.properties ?? {}) as JsonObject;
    const result: JsonObject = {};
    for (const [key, item] of Object.entries(object)) {
      if (item === undefined) continue;
      result[key] = encode(
        item,
        resolve(properties[key] ?? schema?.additionalProperties, context.document),
        context,
        `${where}.${key}`,
        seen,
      );
    }
    return result;
  } finally {
    seen.delete(object);
  }
}

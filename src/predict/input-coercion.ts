// `-i` values coerced by the model's schema (cli.md §5.2): integers, floats and booleans only
// where the schema accepts them, JSON for objects and arrays, repeated names as lists, a lone
// file for a list-only input as a one-element list. Pure: the same parsed values are coerced
// again, without being parsed again, when a better schema arrives (static → built → served).
import type { OpenApiDocument, PredictionMode } from '../contracts/openapi-document.ts';
import {
  acceptsType,
  concreteType,
  inputComponent,
  itemSchema,
  propertySchema,
  type JsonSchema,
} from '../image/openapi-schema.ts';
import { isValidAgainst } from './input-validation.ts';
import { FileInput, type FlagValue } from './input-values.ts';

/** The `-i` values typed by `doc`'s Input component; names it does not know stay strings. */
export function coerceFlagValues(
  values: ReadonlyMap<string, readonly FlagValue[]>,
  doc: OpenApiDocument,
  mode: PredictionMode,
): Record<string, unknown> {
  const component = safeComponent(doc, mode);
  const result: Record<string, unknown> = {};
  for (const [name, list] of values) {
    const schema = component === undefined ? undefined : propertySchema(component, name);
    result[name] =
      list.length === 1
        ? coerceSingle(list[0] ?? '', schema, doc)
        : list.map((v) => coerceElement(v, itemSchema(schema, doc), doc));
  }
  return result;
}

function safeComponent(doc: OpenApiDocument, mode: PredictionMode): JsonSchema | undefined {
  try {
    return inputComponent(doc, mode);
  } catch {
    return undefined;
  }
}

function coerceSingle(
  value: FlagValue,
  schema: JsonSchema | undefined,
  doc: OpenApiDocument,
): unknown {
  if (value instanceof FileInput) {
    // The original sends a lone file for a list input as a string, which then fails validation;
    // a one-element list is what the user meant.
    return schema !== undefined &&
      acceptsType(schema, 'array', doc) &&
      !acceptsType(schema, 'string', doc)
      ? [value]
      : value;
  }
  if (schema === undefined) return value;
  const type = concreteType(schema, doc);
  if (type === 'object') return parseJsonOr(value, value);
  if (type === 'array') return coerceArrayValue(value, schema, doc);
  return coerceScalar(value, schema, doc);
}

function coerceArrayValue(value: string, schema: JsonSchema, doc: OpenApiDocument): unknown {
  const parsed = parseJsonOr(value, undefined);
  if (Array.isArray(parsed)) return parsed;
  const stringOk = acceptsType(schema, 'string', doc);
  if (stringOk && isValidAgainst(schema, doc, value)) return value;
  const single = [coerceElement(value, itemSchema(schema, doc), doc)];
  if (stringOk && !isValidAgainst(schema, doc, single)) return value;
  return single;
}

function coerceElement(
  value: FlagValue,
  schema: JsonSchema | undefined,
  doc: OpenApiDocument,
): unknown {
  if (value instanceof FileInput || schema === undefined) return value;
  return concreteType(schema, doc) === 'object'
    ? parseJsonOr(value, value)
    : coerceScalar(value, schema, doc);
}

const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Booleans, integers and floats only where the schema accepts them; a bare integer stays an integer. */
export function coerceScalar(value: string, schema: JsonSchema, doc: OpenApiDocument): unknown {
  let candidate: unknown;
  if ((value === 'true' || value === 'false') && acceptsType(schema, 'boolean', doc))
    candidate = value === 'true';
  else if (
    INTEGER.test(value) &&
    Number.isSafeInteger(Number(value)) &&
    (acceptsType(schema, 'integer', doc) || acceptsType(schema, 'number', doc))
  ) {
    candidate = Number(value);
  } else if (
    FLOAT.test(value) &&
    acceptsType(schema, 'number', doc) &&
    Number.isFinite(Number(value))
  )
    candidate = Number(value);
  if (candidate === undefined) return value;
  if (acceptsType(schema, 'string', doc))
    return isValidAgainst(schema, doc, candidate) ? candidate : value;
  return candidate;
}

function parseJsonOr<T>(text: string, fallback: T): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fallback;
  }
}

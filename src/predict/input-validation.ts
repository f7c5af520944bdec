// Checks prediction inputs against the model's Input component: names it does not declare are
// rejected, the rest is validated with JSON Schema (ajv), every problem worded the way the
// original CLI does (cli.md §5.3): `missing required input`, `expected integer, got string`,
// `must be one of: …`, `must not be null …`. OpenAPI's `nullable` is ignored on purpose, to
// match what the runtime accepts.
import type { OpenApiDocument } from '../contracts/openapi-document.ts';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { CogError } from '../cog-error.ts';
import { isObject, propertyNames, type JsonSchema } from '../image/openapi-schema.ts';

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });

/** Rejects names the model does not declare (the CLI is stricter than the server). */
export function checkInputNames(inputs: Record<string, unknown>, component: JsonSchema): void {
  const valid = propertyNames(component).sort();
  const unknown = Object.keys(inputs).filter((name) => !valid.includes(name));
  if (unknown.length === 0) return;
  const quoted = unknown.map((n) => `"${n}"`).join(', ');
  const subject = unknown.length === 1 ? `unknown input ${quoted}` : `unknown inputs ${quoted}`;
  const tail =
    valid.length === 0 ? 'model does not accept inputs' : `valid inputs are: ${valid.join(', ')}`;
  throw new CogError('INVALID_INPUT', `${subject}; ${tail}`);
}

/** Compiles `schema` (which may `$ref` into the document's components) to a validator. */
export function compileSchema(schema: JsonSchema, doc: OpenApiDocument): ValidateFunction {
  const c = isObject(doc.components) ? doc.components : {};
  const defs = isObject(c.schemas) ? c.schemas : {};
  const root = { ...(toJsonSchema(schema) as JsonSchema), $defs: toJsonSchema(defs) };
  return ajv.compile(root);
}

/** True when `value` is valid against `schema` (used when coercing `-i` values). */
export function isValidAgainst(schema: JsonSchema, doc: OpenApiDocument, value: unknown): boolean {
  return compileSchema(schema, doc)(value) === true;
}

/** Validates the whole input object; throws one CogError listing every problem. */
export function validateInputs(
  component: JsonSchema,
  doc: OpenApiDocument,
  inputs: Record<string, unknown>,
): void {
  const validate = compileSchema(component, doc);
  if (validate(inputs) === true) return;
  const messages = describeErrors(validate.errors ?? [], inputs);
  if (messages.length === 0) return;
  const text =
    messages.length === 1
      ? (messages[0] ?? '')
      : ['input validation failed:', ...messages.map((m) => `- ${m}`)].join('\n');
  throw new CogError('INVALID_INPUT', text, {
    hint: 'Check the -i/--json values against the model inputs.',
  });
}

/** OpenAPI 3.0 → JSON Schema: local refs into $defs, `nullable` dropped, boolean exclusive bounds. */
function toJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJsonSchema);
  if (!isObject(value)) return value;
  const out: JsonSchema = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'nullable') continue;
    if (key === '$ref' && typeof v === 'string')
      out.$ref = v.replace(/^#\/components\/schemas\//, '#/$defs/');
    else out[key] = toJsonSchema(v);
  }
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (out[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else if (out[flag] === false) delete out[flag];
  }
  return out;
}

function describeErrors(errors: readonly ErrorObject[], inputs: Record<string, unknown>): string[] {
  // A failed anyOf/oneOf reports once, not once per branch (as kin-openapi does).
  const unionPaths = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .map((e) => e.instancePath);
  const kept = errors.filter(
    (e) =>
      e.keyword === 'anyOf' ||
      e.keyword === 'oneOf' ||
      !unionPaths.some((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`)),
  );
  const messages: string[] = [];
  for (const error of kept) {
    const message = describeError(error, inputs);
    if (message !== undefined && !messages.includes(message)) messages.push(message);
  }
  return messages;
}

function describeError(error: ErrorObject, inputs: Record<string, unknown>): string | undefined {
  const path = dottedPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') {
    const missing = String(params.missingProperty);
    return `missing required input "${path === '' ? missing : `${path}.${missing}`}"`;
  }
  const value = valueAt(inputs, error.instancePath);
  if (error.keyword === 'type' && value === null) {
    return `invalid input "${path}": must not be null (omit the input to use its default)`;
  }
  const reason = reasonFor(error, params, value);
  return path === '' ? reason : `invalid input "${path}": ${reason}`;
}

function reasonFor(error: ErrorObject, params: Record<string, unknown>, value: unknown): string {
  switch (error.keyword) {
    case 'type': {
      const types = Array.isArray(params.type)
        ? params.type.map(String)
        : String(params.type).split(',');
      return `expected ${joinOr(types)}, got ${jsonType(value)}`;
    }
    case 'enum':
      return `must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'minimum':
      return `number must be at least ${String(params.limit)}`;
    case 'maximum':
      return `number must be at most ${String(params.limit)}`;
    case 'exclusiveMinimum':
      return `number must be more than ${String(params.limit)}`;
    case 'exclusiveMaximum':
      return `number must be less than ${String(params.limit)}`;
    case 'minLength':
      return `minimum string length is ${String(params.limit)}`;
    case 'maxLength':
      return `maximum string length is ${String(params.limit)}`;
    case 'pattern':
      return `string doesn't match the regular expression "${String(params.pattern)}"`;
    case 'minItems':
      return `minimum number of items is ${String(params.limit)}`;
    case 'maxItems':
      return `maximum number of items is ${String(params.limit)}`;
    case 'anyOf':
      return `doesn't match any schema from "anyOf"`;
    case 'oneOf':
      return `doesn't match exactly one schema from "oneOf"`;
    default:
      return error.message ?? error.keyword;
  }
}

function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`;
}

export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  return t === 'bigint' ? 'number' : t === 'undefined' ? 'null' : t;
}

function dottedPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function valueAt(root: unknown, pointer: string): unknown {
  let current: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) current = current[Number(key)];
    else if (isObject(current)) current = current[key];
    else return undefined;
  }
  return current;
}

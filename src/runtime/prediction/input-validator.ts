// Validation of prediction inputs at the HTTP edge (spec §9.1): unknown keys are stripped,
// missing required fields and JSON-schema violations become a pydantic-style 422 `detail` list
// with the original's message texts, defaults are filled in, and omitted nullable inputs without
// a default are passed as null (so a bare `Optional[str]` parameter receives None).
//
// One deliberate difference from the original: an explicit `null` for a `nullable` input is
// accepted (the original's validator ignored `nullable` and rejected it; see docs/runtime.md).
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export type ValidationResult =
  | { ok: true; input: Record<string, unknown>; stripped: string[] }
  | { ok: false; detail: ValidationIssue[] };

type JsonObject = Record<string, unknown>;

export class InputValidator {
  readonly #properties: Record<string, JsonObject>;
  readonly #required: string[];
  readonly #validate: ValidateFunction;

  /** `document` is the OpenAPI document; `component` the input schema name (`Input`, `TrainingInput`). */
  constructor(document: JsonObject, component: string) {
    const schemas = componentSchemas(document);
    const input = (schemas[component] ?? { type: 'object', properties: {} }) as JsonObject;
    this.#properties = (input.properties ?? {}) as Record<string, JsonObject>;
    this.#required = Array.isArray(input.required) ? (input.required as string[]) : [];
    // Required fields are checked by hand (one "Field required" per field, in schema order).
    const { required: _required, ...rest } = input;
    const root = rewriteNullable({ ...rest, components: { schemas } }) as JsonObject;
    const ajv = new Ajv({
      allErrors: true,
      strict: false,
      strictNumbers: true,
      verbose: true,
      validateFormats: false,
      // The schema is our SDK's output, not user input; checking it against the draft-07
      // meta-schema would compile that meta-schema first (~90 ms and its code in memory).
      validateSchema: false,
    });
    this.#validate = ajv.compile(root);
  }

  /** A copy for echoing back (responses, webhooks): secret inputs (`x-cog-secret`, `writeOnly`)
   * are shown as `**********`, as `str(cog.Secret)` does. */
  maskSecrets(input: Record<string, unknown>): Record<string, unknown> {
    const masked: Record<string, unknown> = { ...input };
    for (const [name, property] of Object.entries(this.#properties)) {
      const secret = property['x-cog-secret'] === true || property.writeOnly === true;
      if (secret && typeof masked[name] === 'string') masked[name] = '**********';
    }
    return masked;
  }

  /** The input properties of the schema, for callers that act on `format: uri` fields. */
  get properties(): Readonly<Record<string, JsonObject>> {
    return this.#properties;
  }

  /** Runs the compiled validator once on an input made of the defaults and a value of each
   * required field's type, so its code is compiled before the first prediction needs it. */
  warm(): void {
    const sample: JsonObject = {};
    for (const [name, property] of Object.entries(this.#properties)) {
      if (Object.hasOwn(property, 'default')) sample[name] = property.default;
      else if (this.#required.includes(name)) sample[name] = sampleOf(property);
    }
    this.validate(sample);
  }

  validate(raw: unknown): ValidationResult {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return { ok: false, detail: [issue('__root__', `${jsonText(raw)} is not of type "object"`)] };
    }
    const input: JsonObject = {};
    const stripped: string[] = [];
    for (const [key, value] of Object.entries(raw)) {
      if (Object.hasOwn(this.#properties, key)) input[key] = value;
      else stripped.push(key);
    }
    const detail: ValidationIssue[] = this.#required
      .filter((name) => !Object.hasOwn(input, name))
      .map((name) => ({
        loc: ['body', 'input', name],
        msg: 'Field required',
        type: 'value_error.missing',
      }));
    if (!this.#validate(input)) detail.push(...describeErrors(this.#validate.errors ?? []));
    if (detail.length > 0) return { ok: false, detail };
    this.#fillDefaults(input);
    return { ok: true, input, stripped };
  }

  #fillDefaults(input: JsonObject): void {
    for (const [name, property] of Object.entries(this.#properties)) {
      if (Object.hasOwn(input, name)) continue;
      if (Object.hasOwn(property, 'default')) input[name] = structuredClone(property.default);
      else if (property.nullable === true) input[name] = null;
    }
  }
}

export function componentSchemas(document: JsonObject): Record<string, unknown> {
  const components = document.components as JsonObject | undefined;
  return (components?.schemas ?? {}) as Record<string, unknown>;
}

/** A plausible value of a property's declared type (validity does not matter for warming). */
function sampleOf(property: JsonObject): unknown {
  if (Array.isArray(property.enum) && property.enum.length > 0) return property.enum[0];
  switch (property.type) {
    case 'integer':
    case 'number':
      return typeof property.minimum === 'number' ? property.minimum : 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return '';
  }
}

function issue(pointer: string, msg: string): ValidationIssue {
  return { loc: ['body', 'input', pointer], msg, type: 'value_error' };
}

/** Ajv handles `nullable` only next to `type`; elsewhere (e.g. next to `allOf`) wrap in anyOf. */
function rewriteNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteNullable);
  if (typeof node !== 'object' || node === null) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key] = rewriteNullable(value);
  if (out.nullable === true && typeof out.type !== 'string' && !Array.isArray(out.type)) {
    const { nullable: _nullable, ...inner } = out;
    return { anyOf: [{ type: 'null' }, inner] };
  }
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null))
    out.enum = [...out.enum, null];
  return out;
}

function describeErrors(errors: ErrorObject[]): ValidationIssue[] {
  // An anyOf failure is reported once, not with every branch's complaint.
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath + '/');
  const kept = errors.filter(
    (e) => e.keyword === 'anyOf' || !anyOfPaths.some((p) => e.schemaPath.startsWith(p)),
  );
  return kept.map((e) => issue(e.instancePath.slice(1) || '__root__', errorMessage(e)));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The messages of the original's validator (Rust `jsonschema` crate), built from ajv's params. */
export function errorMessage(error: ErrorObject): string {
  const value = jsonText(error.data);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type': {
      const types = Array.isArray(params.type)
        ? (params.type as string[])
        : String(params.type).split(',');
      return types.length === 1
        ? `${value} is not of type "${types[0]}"`
        : `${value} is not of types ${types.map((t) => `"${t}"`).join(', ')}`;
    }
    case 'minimum':
      return `${value} is less than the minimum of ${String(params.limit)}`;
    case 'maximum':
      return `${value} is greater than the maximum of ${String(params.limit)}`;
    case 'exclusiveMinimum':
      return `${value} is less than or equal to the minimum of ${String(params.limit)}`;
    case 'exclusiveMaximum':
      return `${value} is greater than or equal to the maximum of ${String(params.limit)}`;
    case 'minLength':
      return `${value} is shorter than ${plural(Number(params.limit), 'character')}`;
    case 'maxLength':
      return `${value} is longer than ${plural(Number(params.limit), 'character')}`;
    case 'pattern':
      return `${value} does not match "${String(params.pattern)}"`;
    case 'enum':
      return `${value} is not one of ${JSON.stringify(params.allowedValues)}`;
    case 'anyOf':
      return `${value} is not valid under any of the schemas listed in the 'anyOf' keyword`;
    case 'minItems':
      return `${value} has less than ${plural(Number(params.limit), 'item')}`;
    case 'maxItems':
      return `${value} has more than ${plural(Number(params.limit), 'item')}`;
    case 'required':
      return `"${String(params.missingProperty)}" is a required property`;
    case 'const':
      return `${JSON.stringify(params.allowedValue)} was expected`;
    default:
      return `${value} ${error.message ?? 'is invalid'}`;
  }
}

function jsonText(value: unknown): string {
  // JSON.parse reads 1e999 as Infinity, which JSON.stringify would print as null.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value === undefined ? 'null' : JSON.stringify(value);
}

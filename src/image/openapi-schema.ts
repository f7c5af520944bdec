// Reading a model's OpenAPI document (from the image label, the running container, or a file):
// the Input/TrainingInput component, one property's schema with `$ref`s resolved, which JSON
// types a schema accepts, the output schema of /predictions or /trainings, and the streaming flag.
import { CogError } from '../cog-error.ts';
import type { OpenApiDocument, PredictionMode } from '../contracts/openapi-document.ts';

export type JsonSchema = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function components(doc: OpenApiDocument): JsonSchema | undefined {
  const c = doc.components;
  if (!isObject(c)) return undefined;
  return isObject(c.schemas) ? c.schemas : undefined;
}

/** The object schema inputs are validated against (cli.md §5.3 rule 1, with its error texts). */
export function inputComponent(doc: OpenApiDocument | undefined, mode: PredictionMode): JsonSchema {
  if (doc === undefined)
    throw new CogError('SCHEMA_MISSING', 'OpenAPI schema is required to validate inputs');
  const schemas = components(doc);
  if (schemas === undefined)
    throw new CogError('SCHEMA_MISSING', 'OpenAPI schema is missing components');
  const component = mode === 'train' ? (schemas.TrainingInput ?? schemas.Input) : schemas.Input;
  if (!isObject(component)) {
    throw new CogError(
      'SCHEMA_MISSING',
      mode === 'train'
        ? 'OpenAPI schema is missing TrainingInput or Input component'
        : 'OpenAPI schema is missing Input component',
    );
  }
  return component;
}

/** True when the document has an input component with a `properties` key (cli.md §3.3 step 6). */
export function hasInputProperties(
  doc: OpenApiDocument | undefined,
  mode: PredictionMode,
): boolean {
  if (doc === undefined) return false;
  const schemas = components(doc);
  const component = mode === 'train' ? (schemas?.TrainingInput ?? schemas?.Input) : schemas?.Input;
  return isObject(component) && isObject(component.properties);
}

/** Follows a local `#/components/schemas/X` reference (once per level, cycles stop at depth 32). */
export function deref(schema: unknown, doc: OpenApiDocument, depth = 0): JsonSchema | undefined {
  if (!isObject(schema)) return undefined;
  const ref = schema.$ref;
  if (typeof ref !== 'string' || depth > 32) return schema;
  const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
  const target = name === undefined ? undefined : components(doc)?.[decodeURIComponent(name)];
  return deref(target, doc, depth + 1);
}

/** The schema of one input property, or undefined when the model does not declare it. */
export function propertySchema(component: JsonSchema, name: string): JsonSchema | undefined {
  const props = component.properties;
  if (!isObject(props) || !Object.hasOwn(props, name)) return undefined;
  const schema = props[name];
  return isObject(schema) ? schema : undefined;
}

export function propertyNames(component: JsonSchema): string[] {
  return isObject(component.properties) ? Object.keys(component.properties) : [];
}

function ownTypes(schema: JsonSchema): string[] {
  const t = schema.type;
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  return [];
}

function members(schema: JsonSchema, key: 'allOf' | 'anyOf' | 'oneOf'): unknown[] {
  const list = schema[key];
  return Array.isArray(list) ? list : [];
}

/** Whether the schema, or any of its allOf/anyOf/oneOf members, accepts the JSON type. */
export function acceptsType(schema: unknown, type: string, doc: OpenApiDocument): boolean {
  const s = deref(schema, doc);
  if (s === undefined) return false;
  const types = ownTypes(s);
  if (types.includes(type) || (type === 'integer' && types.includes('number'))) return true;
  return (['allOf', 'anyOf', 'oneOf'] as const).some((key) =>
    members(s, key).some((m) => acceptsType(m, type, doc)),
  );
}

/** The concrete type used for coercion: own `type`, else first allOf member, else first anyOf member. */
export function concreteType(schema: unknown, doc: OpenApiDocument): string | undefined {
  const s = deref(schema, doc);
  if (s === undefined) return undefined;
  const own = ownTypes(s)[0];
  if (own !== undefined) return own;
  for (const key of ['allOf', 'anyOf'] as const) {
    for (const member of members(s, key)) {
      const t = concreteType(member, doc);
      if (t !== undefined) return t;
    }
  }
  return undefined;
}

/** The item schema of an array schema (cli.md §5.1: own items, union of anyOf/oneOf items, first allOf items). */
export function itemSchema(schema: unknown, doc: OpenApiDocument): JsonSchema | undefined {
  const s = deref(schema, doc);
  if (s === undefined) return undefined;
  if (isObject(s.items)) return s.items;
  const unionItems = [...members(s, 'anyOf'), ...members(s, 'oneOf')]
    .map((m) => deref(m, doc))
    .filter((m): m is JsonSchema => m !== undefined && isObject(m.items))
    .map((m) => m.items as JsonSchema);
  if (unionItems.length === 1) return unionItems[0];
  if (unionItems.length > 1) return { anyOf: unionItems };
  const first = deref(members(s, 'allOf')[0], doc);
  return first !== undefined && isObject(first.items) ? first.items : undefined;
}

function operation(doc: OpenApiDocument, mode: PredictionMode): JsonSchema | undefined {
  const paths = doc.paths;
  const path = mode === 'train' ? '/trainings' : '/predictions';
  if (!isObject(paths) || !isObject(paths[path])) return undefined;
  const post = paths[path].post;
  return isObject(post) ? post : undefined;
}

/** The `output` property of the 200 response (cli.md §5.5), resolved. */
export function outputSchema(doc: OpenApiDocument, mode: PredictionMode): JsonSchema {
  const path = mode === 'train' ? '/trainings' : '/predictions';
  const op = operation(doc, mode);
  const responses = op?.responses;
  const ok = isObject(responses) ? responses['200'] : undefined;
  const content = isObject(ok) ? ok.content : undefined;
  const json = isObject(content) ? content['application/json'] : undefined;
  const response = deref(isObject(json) ? json.schema : undefined, doc);
  const props = response?.properties;
  const output = isObject(props) ? deref(props.output, doc) : undefined;
  if (output === undefined) {
    throw new CogError(
      'SCHEMA_INVALID',
      `invalid OpenAPI schema: missing output definition for ${path}`,
    );
  }
  return output;
}

/** True when POST /predictions is marked `x-cog-streaming` (the server then offers SSE). */
export function supportsStreaming(doc: OpenApiDocument): boolean {
  return operation(doc, 'predict')?.['x-cog-streaming'] === true;
}

/** A file output: `type: string, format: uri`. */
export function isFileSchema(schema: unknown, doc: OpenApiDocument): boolean {
  const s = deref(schema, doc);
  return s !== undefined && s.type === 'string' && s.format === 'uri';
}

/** An iterator output (`Iterator[T]`, `ConcatenateIterator[str]`): `x-cog-array-type: iterator`. */
export function isIteratorSchema(schema: unknown, doc: OpenApiDocument): boolean {
  return deref(schema, doc)?.['x-cog-array-type'] === 'iterator';
}

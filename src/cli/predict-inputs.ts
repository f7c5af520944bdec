// Prediction inputs from `-i name=value` flags or `--json` (cli.md §5.1–§5.3): parsed and
// coerced by the model's schema, names checked, `@file` values read into data URLs, then
// validated — all before any image is built or container started. Parsing and coercion are
// pure; only `resolveInputs` reads files and stdin.
import type { OpenApiDocument, PredictionMode } from '../contracts/openapi-document.ts';
import os from 'node:os';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { CogError } from '../cog-error.ts';
import { mimeTypeOf } from '../contracts/mime-types.ts';
import {
  acceptsType,
  concreteType,
  inputComponent,
  itemSchema,
  propertyNames,
  propertySchema,
  type JsonSchema,
} from '../image/openapi-schema.ts';
import { isValidAgainst, validateInputs } from '../image/schema-validator.ts';

/** A `@path` value, read into a data URL once the names are known to be valid. */
export class FileInput {
  readonly path: string;
  constructor(filePath: string) {
    this.path = filePath;
  }
}

export type InputSource =
  { kind: 'flags'; values: readonly string[] } | { kind: 'json'; text: string };

/** Splits and coerces `-i` values. Repeated names collect into arrays, in order. */
export function parseInputFlags(
  values: readonly string[],
  doc: OpenApiDocument,
  mode: PredictionMode,
): Record<string, unknown> {
  const grouped = new Map<string, string[]>();
  for (const raw of values) {
    const eq = raw.indexOf('=');
    if (eq < 0)
      throw new CogError(
        'INVALID_INPUT',
        `Failed to parse input '${raw}', expected format is 'name=value'`,
      );
    const name = raw.slice(0, eq);
    let value = raw.slice(eq + 1);
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"'))
      value = value.slice(1, -1);
    grouped.set(name, [...(grouped.get(name) ?? []), value]);
  }
  const component = safeComponent(doc, mode);
  const result: Record<string, unknown> = {};
  for (const [name, list] of grouped) {
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
  value: string,
  schema: JsonSchema | undefined,
  doc: OpenApiDocument,
): unknown {
  if (value.startsWith('@')) {
    const file = new FileInput(expandHome(value.slice(1)));
    // The original sends a lone file for a list input as a string, which then fails validation;
    // a one-element list is what the user meant.
    return schema !== undefined &&
      acceptsType(schema, 'array', doc) &&
      !acceptsType(schema, 'string', doc)
      ? [file]
      : file;
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
  value: string,
  schema: JsonSchema | undefined,
  doc: OpenApiDocument,
): unknown {
  if (value.startsWith('@')) return new FileInput(expandHome(value.slice(1)));
  if (schema === undefined) return value;
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

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
}

/** `--json` text (already read) → an object whose top-level `@path` strings are files. */
export function parseJsonInputs(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CogError('INVALID_INPUT', `Failed to parse JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CogError('INVALID_INPUT', 'Failed to parse JSON: expected a JSON object of inputs');
  }
  const result: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value))
    result[key] = typeof v === 'string' && v.startsWith('@') ? new FileInput(v.slice(1)) : v;
  return result;
}

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

export interface ResolveInputsOptions {
  source: InputSource;
  doc: OpenApiDocument;
  mode: PredictionMode;
  /** Reads the whole of stdin (for `--json -`). */
  readStdin?: () => Promise<string>;
}

/** The full pipeline: parse, check names, read files, validate. Returns the request's `input`. */
export async function resolveInputs(
  options: ResolveInputsOptions,
): Promise<Record<string, unknown>> {
  const { source, doc, mode } = options;
  const inputs =
    source.kind === 'flags'
      ? parseInputFlags(source.values, doc, mode)
      : parseJsonInputs(await readJsonText(source.text, options.readStdin));
  const component = inputComponent(doc, mode);
  checkInputNames(inputs, component);
  const materialised = await materialiseFiles(inputs, source.kind === 'json');
  validateInputs(component, doc, materialised);
  return materialised;
}

async function readJsonText(
  value: string,
  readStdin: (() => Promise<string>) | undefined,
): Promise<string> {
  if (value === '-' || value === '@-') {
    try {
      return await (readStdin ?? readAllStdin)();
    } catch (error) {
      throw new CogError(
        'INVALID_INPUT',
        `Failed to read JSON from stdin: ${(error as Error).message}`,
      );
    }
  }
  if (value.startsWith('@')) {
    const file = value.slice(1);
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      throw new CogError(
        'INVALID_INPUT',
        `Failed to read JSON from file "${file}": ${(error as Error).message}`,
      );
    }
  }
  return value;
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function materialiseFiles(
  inputs: Record<string, unknown>,
  fromJson: boolean,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(inputs)) {
    if (value instanceof FileInput) out[name] = await dataUrl(name, value, fromJson);
    else if (Array.isArray(value))
      out[name] = await Promise.all(
        value.map((v) => (v instanceof FileInput ? dataUrl(name, v, fromJson) : v)),
      );
    else out[name] = value;
  }
  return out;
}

async function dataUrl(name: string, file: FileInput, fromJson: boolean): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file.path);
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file or directory'
        : (error as Error).message;
    throw new CogError(
      'INPUT_FILE_UNREADABLE',
      fromJson
        ? `input "${name}": failed to read file "${file.path}": ${reason}`
        : `input "${name}": open ${file.path}: ${reason}`,
    );
  }
  return `data:${mimeTypeOf(file.path)};base64,${bytes.toString('base64')}`;
}

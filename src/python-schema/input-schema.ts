// The `Input` component from a statically read signature: the same rules, key order and error
// messages as the Python SDK (python/cog/_input_types.py and _inputs.py; docs/schema.md), so the
// document matches the one the container reports key for key. Definite problems raise
// `SchemaError`; what only Python can decide raises `Unresolved`.
import { asNumber, PyFloat, pyTypeName, toJson, type PyValue } from './python-literal.ts';
import { Unresolved } from './python-module.ts';
import type { PyType } from './python-types.ts';

export class SchemaError extends Error {}

type Kind =
  'str' | 'int' | 'float' | 'bool' | 'path' | 'file' | 'secret' | 'object' | 'list' | 'union';

export interface InputType {
  kind: Kind;
  label: string;
  nullable: boolean;
  item?: InputType;
  members?: InputType[];
  choices?: PyValue[];
}

const FRAGMENTS: Record<string, Record<string, unknown>> = {
  str: { type: 'string' },
  int: { type: 'integer' },
  float: { type: 'number' },
  bool: { type: 'boolean' },
  path: { type: 'string', format: 'uri' },
  file: { type: 'string', format: 'uri' },
  secret: { type: 'string', format: 'password', writeOnly: true, 'x-cog-secret': true },
  object: { type: 'object' },
};
const UNION_KINDS: readonly Kind[] = ['bool', 'int', 'float', 'str', 'list', 'object'];

export function fragment(tp: InputType): Record<string, unknown> {
  if (tp.choices !== undefined && (tp.kind === 'str' || tp.kind === 'int'))
    return { ...FRAGMENTS[tp.kind], enum: tp.choices.map(toJson) };
  if (tp.kind === 'list')
    return { type: 'array', items: fragment(tp.item ?? objectType('object')) };
  if (tp.kind === 'union') {
    return {
      anyOf: (tp.members ?? []).map((m) => ({
        ...fragment(m),
        ...(tp.nullable ? { nullable: true } : {}),
      })),
    };
  }
  return { ...FRAGMENTS[tp.kind] };
}

export function element(tp: InputType): InputType {
  return tp.kind === 'list' && tp.item !== undefined ? tp.item : tp;
}

function objectType(label: string): InputType {
  return { kind: 'object', label, nullable: false };
}

export function stripAnnotated(tp: PyType): { tp: PyType; opaque: boolean } {
  if (tp.t === 'annotated') return { tp: tp.base, opaque: tp.opaque };
  return { tp, opaque: false };
}

export function unionMembers(tp: PyType): { members: PyType[]; hasNone: boolean } | undefined {
  if (tp.t !== 'union') return undefined;
  const isNone = (m: PyType) => m.t === 'known' && m.name === 'None';
  return { members: tp.members.filter((m) => !isNone(m)), hasNone: tp.members.some(isNone) };
}

export async function analyseInput(annotation: PyType): Promise<InputType> {
  const { tp, opaque } = stripAnnotated(annotation);
  const union = unionMembers(tp);
  if (union !== undefined) {
    const [only] = union.members;
    if (union.members.length === 1 && only !== undefined) {
      const inner = await nonUnion(only, opaque, only.label);
      return { ...inner, nullable: union.hasNone, label: annotation.label };
    }
    const members: InputType[] = [];
    for (const m of union.members) members.push(await unionMember(m));
    return { kind: 'union', label: annotation.label, nullable: union.hasNone, members };
  }
  return nonUnion(tp, opaque, annotation.label);
}

async function nonUnion(input: PyType, outerOpaque: boolean, label: string): Promise<InputType> {
  const { tp, opaque: innerOpaque } = stripAnnotated(input);
  const opaque = outerOpaque || innerOpaque;
  if (tp.t === 'known' && tp.name === 'list')
    return { kind: 'list', label, nullable: false, item: objectType('object') };
  if (tp.t === 'generic' && tp.name === 'list') {
    const [item] = tp.args;
    return { kind: 'list', label, nullable: false, item: await listItem(item, opaque) };
  }
  if (opaque) return objectType(label);
  if (tp.t === 'literal')
    return { kind: choiceKind(tp.values, label), label, nullable: false, choices: tp.values };
  if (tp.t === 'class' && tp.cls.kind === 'enum') {
    const values = await tp.cls.members();
    return { kind: choiceKind(values, label), label, nullable: false, choices: values };
  }
  const kind = scalarKind(tp);
  if (kind !== undefined) return { kind, label, nullable: false };
  if (isObject(tp)) return objectType(label);
  if (tp.t === 'generic' || tp.t === 'union' || tp.t === 'marker')
    throw new SchemaError(`${label.split('[')[0]}[...] is not a supported input type`);
  throw new SchemaError(`unsupported input type ${label}`);
}

function choiceKind(values: PyValue[], label: string): Kind {
  if (values.length > 0 && values.every((v) => typeof v === 'string')) return 'str';
  if (values.length > 0 && values.every((v) => typeof v === 'number' || typeof v === 'bigint'))
    return 'int';
  throw new SchemaError(`${label} values must be all str or all int`);
}

async function listItem(item: PyType | undefined, opaque: boolean): Promise<InputType> {
  if (item === undefined) return objectType('object');
  const { tp, opaque: itemOpaque } = stripAnnotated(item);
  if (opaque || itemOpaque) return objectType('object');
  const nested =
    (tp.t === 'generic' && tp.name !== 'dict') || tp.t === 'union' || tp.t === 'marker';
  if (nested || (tp.t === 'known' && tp.name === 'list'))
    throw new SchemaError('nested generics like List[Optional[X]] are not supported');
  return nonUnion(tp, false, tp.label);
}

async function unionMember(tp: PyType): Promise<InputType> {
  const member = await nonUnion(tp, false, tp.label);
  if (!UNION_KINDS.includes(member.kind))
    throw new SchemaError(`${tp.label} is not supported in union inputs`);
  return member;
}

export function scalarKind(tp: PyType): Kind | undefined {
  if (tp.t === 'class' && tp.cls.kind === 'pathlike') return 'path';
  if (tp.t !== 'known') return undefined;
  switch (tp.name) {
    case 'str':
    case 'int':
    case 'float':
    case 'bool':
      return tp.name;
    case 'Path':
      return 'path';
    case 'File':
      return 'file';
    case 'Secret':
      return 'secret';
    default:
      return undefined;
  }
}

function isObject(tp: PyType): boolean {
  if (tp.t === 'known') return tp.name === 'Any' || tp.name === 'dict' || tp.name === 'object';
  if (tp.t === 'generic') return tp.name === 'dict';
  return tp.t === 'class' && tp.cls.kind === 'typeddict';
}

/** What `Input(...)` (or a plain default) says about one parameter. */
export interface FieldInfo {
  /** undefined: no default given (the SDK's MISSING). */
  default: PyValue | undefined;
  hasDefault: boolean;
  description?: string;
  ge?: PyValue;
  le?: PyValue;
  minLength?: number;
  maxLength?: number;
  regex?: string;
  choices?: PyValue[];
  deprecated?: boolean;
  accept?: string;
}

export interface InputSpec {
  name: string;
  order: number;
  type: InputType;
  field: FieldInfo;
}

function nullable(spec: InputSpec): boolean {
  return (
    spec.type.nullable ||
    (spec.type.kind === 'secret' && spec.field.hasDefault && spec.field.default === null)
  );
}

function choicesOf(spec: InputSpec): PyValue[] | undefined {
  if (spec.field.choices !== undefined) return spec.field.choices;
  return element(spec.type).choices;
}

function enumComponent(spec: InputSpec): boolean {
  return choicesOf(spec) !== undefined && spec.type.kind !== 'list';
}

function required(spec: InputSpec): boolean {
  if (nullable(spec)) return false;
  return !spec.field.hasDefault || spec.field.default === null;
}

/** Definition-time checks (the SDK's `_check_options`). */
export function checkDefinition(spec: InputSpec): void {
  const where = `${spec.name}: ${spec.type.label}`;
  const f = spec.field;
  const has = f.hasDefault && f.default !== null;
  const defaults = has ? (Array.isArray(f.default) ? f.default : [f.default as PyValue]) : [];
  const el = element(spec.type);
  if (f.ge !== undefined || f.le !== undefined) {
    if (el.kind !== 'int' && el.kind !== 'float')
      throw new SchemaError(`incompatible input type for ge/le: ${where}`);
    for (const value of defaults) {
      const n = asNumber(value);
      if (n === undefined)
        throw new SchemaError(`invalid default for ${where}: ${pyRepr(f.default)}`);
      const ge = f.ge === undefined ? undefined : asNumber(f.ge);
      const le = f.le === undefined ? undefined : asNumber(f.le);
      if (ge !== undefined && n < ge)
        throw new SchemaError(`invalid default for ${where}: must be at minimum ${num(f.ge)}`);
      if (le !== undefined && n > le)
        throw new SchemaError(`invalid default for ${where}: must be at maximum ${num(f.le)}`);
    }
  }
  if (f.minLength !== undefined || f.maxLength !== undefined) {
    if (el.kind !== 'str')
      throw new SchemaError(`incompatible input type for min_length/max_length: ${where}`);
    for (const value of defaults) {
      if (typeof value !== 'string') throw new Unresolved('len() of a non-string default');
      const length = [...value].length;
      if (f.minLength !== undefined && length < f.minLength)
        throw new SchemaError(
          `default conflicts with min_length=${f.minLength} for input: ${where}`,
        );
      if (f.maxLength !== undefined && length > f.maxLength)
        throw new SchemaError(
          `default conflicts with max_length=${f.maxLength} for input: ${where}`,
        );
    }
  }
  if (f.regex !== undefined) {
    if (el.kind !== 'str') throw new SchemaError(`incompatible input type for regex: ${where}`);
    // JS and Python regexes agree on the common syntax; anything else is left to Python.
    if (/\(\?P|\(\?[aiLmsux]|\\[AZ]/.test(f.regex)) throw new Unresolved('Python regex syntax');
    let compiled: RegExp;
    try {
      compiled = new RegExp(`^(?:${f.regex})`, 'u');
    } catch {
      throw new Unresolved('regex');
    }
    {
      for (const value of defaults)
        if (typeof value !== 'string' || !compiled.test(value))
          throw new SchemaError(`default not a regex match for input: ${where}`);
    }
  }
  if (f.choices !== undefined) {
    if (el.choices !== undefined)
      throw new SchemaError(`choices cannot be combined with an Enum or Literal type: ${where}`);
    if (spec.type.kind !== 'str' && spec.type.kind !== 'int')
      throw new SchemaError(`incompatible input type for choices: ${where}`);
    if (f.choices.length < 2)
      throw new SchemaError(`choices=${pyRepr(f.choices)} must have >= 2 elements: ${where}`);
    if (f.ge !== undefined || f.le !== undefined)
      throw new SchemaError(`choices and ge/le are mutually exclusive: ${where}`);
    if (f.minLength !== undefined || f.maxLength !== undefined)
      throw new SchemaError(`choices and min_length/max_length are mutually exclusive: ${where}`);
    const expected = spec.type.kind === 'str' ? 'str' : 'int';
    if (!f.choices.every((c) => pyTypeName(c) === expected))
      throw new SchemaError(`not all choices have the same type as input: ${where}`);
  } else if (el.choices !== undefined && (f.ge !== undefined || f.le !== undefined)) {
    throw new SchemaError(`choices and ge/le are mutually exclusive: ${where}`);
  }
  if (f.accept !== undefined && el.kind !== 'path' && el.kind !== 'file')
    throw new SchemaError(`accept is only valid on Path or File inputs (parameter '${spec.name}')`);
}

export function inputComponent(
  specs: InputSpec[],
  title: string,
): { component: Record<string, unknown>; enums: Record<string, unknown> } {
  const properties: Record<string, unknown> = {};
  const enums: Record<string, unknown> = {};
  for (const spec of specs) {
    properties[spec.name] = property(spec);
    if (enumComponent(spec)) {
      enums[spec.name] = {
        title: spec.name,
        description: 'An enumeration.',
        enum: (choicesOf(spec) ?? []).map(toJson),
        type: spec.type.kind === 'str' ? 'string' : 'integer',
      };
    }
  }
  const component: Record<string, unknown> = { type: 'object', title };
  const req = specs.filter(required).map((s) => s.name);
  if (req.length > 0) component.required = req;
  component.properties = properties;
  return { component, enums };
}

function property(spec: InputSpec): Record<string, unknown> {
  const f = spec.field;
  const prop: Record<string, unknown> = { 'x-order': spec.order };
  if (enumComponent(spec)) prop.allOf = [{ $ref: `#/components/schemas/${spec.name}` }];
  else Object.assign(prop, { title: title(spec.name) }, fragment(spec.type));
  if (nullable(spec)) prop.nullable = true;
  if (f.hasDefault && f.default !== null && spec.type.kind !== 'secret')
    prop.default = jsonDefault(f.default);
  else if (f.hasDefault && f.default === null && nullable(spec) && spec.type.kind === 'secret')
    prop.default = null;
  if (f.description !== undefined) prop.description = f.description;
  const target = (
    spec.type.kind === 'list' && prop.items !== undefined ? prop.items : prop
  ) as Record<string, unknown>;
  if (f.ge !== undefined) target.minimum = toJson(f.ge);
  if (f.le !== undefined) target.maximum = toJson(f.le);
  if (f.minLength !== undefined) target.minLength = f.minLength;
  if (f.maxLength !== undefined) target.maxLength = f.maxLength;
  if (f.regex !== undefined) target.pattern = f.regex;
  if (f.deprecated === true) prop.deprecated = true;
  if (f.accept !== undefined) prop['x-cog-accept'] = f.accept;
  return prop;
}

function jsonDefault(value: PyValue | undefined): unknown {
  return toJson(value ?? null);
}

/** `num_inference_steps` → `Num Inference Steps` (only the first letter of each part changes). */
export function title(name: string): string {
  return name
    .split('_')
    .map((part) => part.slice(0, 1).toUpperCase() + part.slice(1))
    .join(' ');
}

function num(value: PyValue | undefined): string {
  if (value instanceof PyFloat)
    return Number.isInteger(value.value) ? String(value.value) : String(value.value);
  return String(value);
}

function pyRepr(value: PyValue | undefined): string {
  if (value === undefined || value === null) return 'None';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value instanceof PyFloat)
    return Number.isInteger(value.value) ? `${value.value}.0` : String(value.value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `'${k}': ${pyRepr(v)}`)
      .join(', ')}}`;
  return String(value);
}

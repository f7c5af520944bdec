// The `Output` fragment of a statically read return annotation, by the SDK's rules
// (python/cog/_output_types.py): scalars, lists, dicts, models (BaseModel, dataclass, pydantic,
// TypedDict with Required/NotRequired), iterators and ConcatenateIterator.
import { toJson, type PyValue } from './python-literal.ts';
import type { PyClass, PyType } from './python-types.ts';
import { SchemaError, scalarKind, stripAnnotated, title, unionMembers } from './input-schema.ts';

type Fragment = Record<string, unknown>;

const SCALARS: Record<string, Fragment> = {
  str: { type: 'string' },
  int: { type: 'integer' },
  float: { type: 'number' },
  bool: { type: 'boolean' },
  path: { type: 'string', format: 'uri' },
  file: { type: 'string', format: 'uri' },
  secret: { type: 'string', format: 'password', writeOnly: true, 'x-cog-secret': true },
};
const ITERATORS = new Set(['Iterator', 'Generator', 'AsyncIterator', 'AsyncGenerator']);
const CONCATENATE = new Set(['ConcatenateIterator', 'AsyncConcatenateIterator']);

export interface OutputInfo {
  schema: Fragment;
  isStream: boolean;
}

export async function analyseOutput(annotation: PyType): Promise<OutputInfo> {
  if (annotation.t === 'known' && annotation.name === 'None')
    throw new SchemaError('return type must not be None');
  const { tp, opaque } = stripAnnotated(annotation);
  if (opaque) return { schema: opaqueFragment(tp), isStream: false };
  if ((tp.t === 'generic' || tp.t === 'known') && CONCATENATE.has(tp.name)) {
    const item = tp.t === 'generic' ? tp.args[0] : undefined;
    if (item === undefined || !(item.t === 'known' && item.name === 'str'))
      throw new SchemaError(`${tp.name} element type must be str, got ${item?.label ?? 'Any'}`);
    return {
      schema: {
        type: 'array',
        items: { type: 'string' },
        'x-cog-array-type': 'iterator',
        'x-cog-array-display': 'concatenate',
      },
      isStream: true,
    };
  }
  if (tp.t === 'known' && ITERATORS.has(tp.name))
    throw new SchemaError(`${tp.label} needs an element type, e.g. Iterator[str]`);
  if (tp.t === 'generic' && ITERATORS.has(tp.name)) {
    const [item] = tp.args;
    if (item === undefined)
      throw new SchemaError(`${tp.label} needs an element type, e.g. Iterator[str]`);
    if (unionMembers(item) !== undefined)
      throw new SchemaError('iterator element type must not be Optional or a union');
    return {
      schema: {
        type: 'array',
        items: await outputFragment(item, []),
        'x-cog-array-type': 'iterator',
      },
      isStream: true,
    };
  }
  return { schema: await outputFragment(tp, []), isStream: false };
}

function opaqueFragment(tp: PyType): Fragment {
  if ((tp.t === 'known' || tp.t === 'generic') && tp.name === 'list')
    return { type: 'array', items: { type: 'object' } };
  return { type: 'object' };
}

async function outputFragment(annotation: PyType, seen: PyClass[]): Promise<Fragment> {
  const { tp, opaque } = stripAnnotated(annotation);
  if (opaque) return opaqueFragment(tp);
  const union = unionMembers(tp);
  if (union !== undefined) {
    if (union.hasNone && union.members.length === 1)
      throw new SchemaError('unsupported output type: Optional is not allowed as a return type');
    throw new SchemaError('union types are not supported as output');
  }
  const kind = scalarKind(tp);
  if (kind !== undefined) return { ...SCALARS[kind] };
  if (tp.t === 'known' && tp.name === 'list') return { type: 'array', items: { type: 'object' } };
  if (tp.t === 'generic' && tp.name === 'list') {
    const [item] = tp.args;
    return {
      type: 'array',
      items: item === undefined ? { type: 'object' } : await outputFragment(item, seen),
    };
  }
  if (tp.t === 'known' && (tp.name === 'Any' || tp.name === 'dict' || tp.name === 'object'))
    return { type: 'object' };
  if (tp.t === 'generic' && tp.name === 'dict') {
    const value = tp.args[1];
    if (
      tp.args.length === 2 &&
      value !== undefined &&
      !(value.t === 'known' && value.name === 'Any')
    )
      return { type: 'object', additionalProperties: await outputFragment(value, seen) };
    return { type: 'object' };
  }
  if (
    tp.t === 'class' &&
    tp.cls.kind !== 'plain' &&
    tp.cls.kind !== 'enum' &&
    tp.cls.kind !== 'pathlike'
  )
    return modelFragment(tp.cls, seen);
  if (
    (tp.t === 'generic' || tp.t === 'known') &&
    (ITERATORS.has(tp.name) || CONCATENATE.has(tp.name))
  )
    throw new SchemaError('iterators are only supported as the top-level return type');
  throw new SchemaError(`unsupported output type ${tp.label}`);
}

async function modelFragment(model: PyClass, seen: PyClass[]): Promise<Fragment> {
  if (seen.includes(model)) return { type: 'object' };
  const properties: Record<string, Fragment> = {};
  const required: string[] = [];
  for (const field of await model.fields()) {
    let annotation = field.annotation;
    if (annotation.t === 'marker') annotation = annotation.base;
    const union = unionMembers(stripAnnotated(annotation).tp);
    const [only] = union?.members ?? [];
    const nullable =
      union !== undefined && union.hasNone && union.members.length === 1 && only !== undefined;
    const fragment = await outputFragment(nullable && only !== undefined ? only : annotation, [
      ...seen,
      model,
    ]);
    const prop: Fragment = { title: title(field.name), ...fragment };
    if (nullable) prop.nullable = true;
    const optional = model.kind === 'typeddict' ? field.required === false : field.hasDefault;
    if (model.kind !== 'typeddict' && field.hasDefault && isJsonLiteral(field.default))
      prop.default = toJson(field.default as PyValue);
    properties[field.name] = prop;
    if (!optional && !nullable) required.push(field.name);
  }
  const fragment: Fragment = { type: 'object', properties };
  if (required.length > 0) fragment.required = required;
  return fragment;
}

function isJsonLiteral(value: PyValue | undefined): boolean {
  return value !== undefined && value !== null;
}

// The return type of run()/predict()/train() → the `Output` fragment and whether the predictor
// streams, a port of `cog._output_types.analyse_output`: scalars, Path/File/Secret, arrays,
// Record<string, V>, object types as typed objects (Python's BaseModel outputs), iterables and
// generators as iterator outputs, ConcatenateIterator<string>. Promise<T> is T. Anything that
// does not survive JSON (functions, Map, Set, Date, bigint, symbol) is an error.
import ts from 'typescript';
import { MetadataError, readMetadata } from './jsdoc-metadata.ts';
import { title } from './input-component.ts';
import { SCALAR_FRAGMENTS, type JsonObject } from './input-type.ts';
import { sdkKind, unbranded } from './sdk-types.ts';
import {
  hasSignatures,
  isLibClassLike,
  NOT_JSON,
  TypeMappingError,
  typeLabel,
  type TypeContext,
} from './type-context.ts';
import { unionMembers } from './union-members.ts';

export interface OutputInfo {
  schema: JsonObject;
  isStream: boolean;
}

const ITERATORS: ReadonlySet<string> = new Set([
  'Iterable',
  'Iterator',
  'IterableIterator',
  'Generator',
  'AsyncIterable',
  'AsyncIterator',
  'AsyncIterableIterator',
  'AsyncGenerator',
  'IteratorObject',
  'AsyncIteratorObject',
  'ArrayIterator',
]);

const NULLISH = ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void;

const UNSERIALISABLE_HINT =
  'Return JSON values: string, number, boolean, Path, arrays, Record<string, V> or object types with such fields.';

/** Throws TypeMappingError for unsupported return types. */
export function analyseOutput(
  context: TypeContext,
  declared: ts.Type,
  node: ts.TypeNode | undefined,
): OutputInfo {
  const type = context.checker.getAwaitedType(declared) ?? declared;
  const typeNode = type === declared ? node : promisedNode(node);
  if (isNullishOnly(type)) {
    throw new TypeMappingError('return type must not be void, undefined or null', {
      node,
      hint: 'Return the prediction output.',
    });
  }
  if (sdkKind(context, type) === 'ConcatenateIterator') {
    const item = iteratorElement(context, unbranded(context, type));
    if (item === undefined || (item.flags & ts.TypeFlags.StringLike) === 0 || item.isUnion()) {
      const got = item === undefined ? 'unknown' : typeLabel(context, item);
      throw new TypeMappingError(`ConcatenateIterator element type must be string, got ${got}`, {
        node,
      });
    }
    const schema = {
      type: 'array',
      items: { type: 'string' },
      'x-cog-array-type': 'iterator',
      'x-cog-array-display': 'concatenate',
    };
    return { schema, isStream: true };
  }
  if (isIterator(context, type)) {
    const item = iteratorElement(context, type);
    if (item === undefined) {
      throw new TypeMappingError(
        `${typeLabel(context, type)} needs an element type, e.g. AsyncIterable<string>`,
        { node },
      );
    }
    const members = unionMembers(context.checker, item, undefined);
    if (members.length !== 1 && !isLiteralUnion(members.map((m) => m.type))) {
      throw new TypeMappingError('iterator element type must not be optional or a union', { node });
    }
    return {
      schema: {
        type: 'array',
        items: fragment(context, item, [], node),
        'x-cog-array-type': 'iterator',
      },
      isStream: true,
    };
  }
  return { schema: fragment(context, type, [], typeNode), isStream: false };
}

function promisedNode(node: ts.TypeNode | undefined): ts.TypeNode | undefined {
  if (node === undefined || !ts.isTypeReferenceNode(node)) return undefined;
  return node.typeArguments?.[0];
}

function isNullishOnly(type: ts.Type): boolean {
  const members = type.isUnion() ? type.types : [type];
  return members.every((m) => (m.flags & NULLISH) !== 0);
}

function isIterator(context: TypeContext, type: ts.Type): boolean {
  const symbol = type.getSymbol();
  if (symbol === undefined || !ITERATORS.has(symbol.getName())) return false;
  return (symbol.getDeclarations() ?? []).some((d) =>
    context.isLibFile(d.getSourceFile().fileName),
  );
}

function iteratorElement(context: TypeContext, type: ts.Type): ts.Type | undefined {
  if ((type.flags & ts.TypeFlags.Object) === 0) return undefined;
  if (((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) === 0) return undefined;
  return context.checker.getTypeArguments(type as ts.TypeReference)[0];
}

function isLiteralUnion(types: ts.Type[]): boolean {
  return (
    types.length > 0 &&
    (types.every((t) => t.isStringLiteral()) || types.every((t) => t.isNumberLiteral()))
  );
}

function fragment(
  context: TypeContext,
  type: ts.Type,
  seen: ts.Type[],
  node: ts.Node | undefined,
): JsonObject {
  const { checker } = context;
  const label = typeLabel(context, type);
  if (type.isUnion() && (type.flags & ts.TypeFlags.Boolean) === 0) {
    const members = unionMembers(checker, type, undefined).map((m) => m.type);
    const values = members.filter((m) => (m.flags & NULLISH) === 0);
    if (values.length === 1 && values.length < members.length) {
      throw new TypeMappingError(
        'unsupported output type: optional (| null, | undefined) is not allowed as a return type',
        { node },
      );
    }
    if (isLiteralUnion(values) && values.length === members.length) return literalFragment(values);
    throw new TypeMappingError(`union types are not supported as output: ${label}`, { node });
  }
  const scalar = scalarFragment(context, type);
  if (scalar !== undefined) return scalar;
  if (type.isStringLiteral() || type.isNumberLiteral()) return literalFragment([type]);
  if ((type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.NonPrimitive)) !== 0) {
    return { type: 'object' };
  }
  if (checker.isArrayType(type)) {
    const [item] = checker.getTypeArguments(type as ts.TypeReference);
    return {
      type: 'array',
      items: item === undefined ? { type: 'object' } : fragment(context, item, seen, node),
    };
  }
  if (checker.isTupleType(type)) {
    throw new TypeMappingError(`tuple type ${label} is not a supported output type`, {
      node,
      hint: 'Return an array (T[]) or an object type.',
    });
  }
  if (isIterator(context, type) || sdkKind(context, type) === 'ConcatenateIterator') {
    throw new TypeMappingError('iterators are only supported as the top-level return type', {
      node,
    });
  }
  if (
    (type.flags & NOT_JSON) !== 0 ||
    (type.flags & ts.TypeFlags.Object) === 0 ||
    hasSignatures(type) ||
    isLibClassLike(context, type)
  ) {
    throw new TypeMappingError(`unserialisable output type ${label}`, {
      node,
      hint: UNSERIALISABLE_HINT,
    });
  }
  return objectFragment(context, type, seen, node);
}

function scalarFragment(context: TypeContext, type: ts.Type): JsonObject | undefined {
  const sdk = sdkKind(context, type);
  if (sdk === 'Path') return { ...SCALAR_FRAGMENTS.path };
  if (sdk === 'File') return { ...SCALAR_FRAGMENTS.file };
  if (sdk === 'Secret') return { ...SCALAR_FRAGMENTS.secret };
  if (sdk === 'Integer') return { ...SCALAR_FRAGMENTS.int };
  if (sdk !== undefined) return undefined;
  if ((type.flags & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral)) !== 0)
    return { ...SCALAR_FRAGMENTS.str };
  if ((type.flags & ts.TypeFlags.Number) !== 0) return { ...SCALAR_FRAGMENTS.float };
  if ((type.flags & ts.TypeFlags.BooleanLike) !== 0) return { ...SCALAR_FRAGMENTS.bool };
  return undefined;
}

// A literal output is its base type: 'a' | 'b' is a string, 1 | 2 an integer.
function literalFragment(types: ts.Type[]): JsonObject {
  if (types.every((t) => t.isStringLiteral())) return { type: 'string' };
  const whole = types.every((t) => t.isNumberLiteral() && Number.isInteger(t.value));
  return { type: whole ? 'integer' : 'number' };
}

function objectFragment(
  context: TypeContext,
  type: ts.Type,
  seen: ts.Type[],
  node: ts.Node | undefined,
): JsonObject {
  const { checker } = context;
  if (seen.includes(type)) return { type: 'object' };
  const fields = checker.getPropertiesOfType(type).filter((p) => !isPrototypeMember(p));
  const index = checker
    .getIndexInfosOfType(type)
    .find((info) => (info.keyType.flags & ts.TypeFlags.String) !== 0);
  if (fields.length === 0 && index !== undefined) {
    const value = index.type;
    if ((value.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0) return { type: 'object' };
    return {
      type: 'object',
      additionalProperties: fragment(context, value, [...seen, type], node),
    };
  }
  const properties: JsonObject = {};
  const required: string[] = [];
  for (const field of fields) {
    const declaration = field.valueDeclaration ?? field.getDeclarations()?.[0];
    const at = declaration ?? node;
    const fieldType = checker.getTypeOfSymbol(field);
    const members = unionMembers(checker, fieldType, undefined).map((m) => m.type);
    const hasNull = members.some((m) => (m.flags & ts.TypeFlags.Null) !== 0);
    const optional =
      (field.flags & ts.SymbolFlags.Optional) !== 0 ||
      members.some((m) => (m.flags & ts.TypeFlags.Undefined) !== 0);
    const values = members.filter((m) => (m.flags & NULLISH) === 0);
    if (values.length === 0) {
      throw new TypeMappingError(
        `unserialisable output field '${field.getName()}': ${typeLabel(context, fieldType)}`,
        { node: at },
      );
    }
    if (values.some((v) => hasSignatures(v) && (v.flags & ts.TypeFlags.Object) !== 0)) {
      throw new TypeMappingError(
        `unserialisable output field '${field.getName()}': functions are not JSON values`,
        { node: at, hint: UNSERIALISABLE_HINT },
      );
    }
    const prop: JsonObject = {
      title: title(field.getName()),
      ...fieldFragment(context, values, [...seen, type], at),
    };
    if (hasNull) prop.nullable = true;
    const given = fieldDefault(declaration, field.getName());
    if (given !== undefined && given.value !== null) prop.default = given.value;
    properties[field.getName()] = prop;
    if (!optional && !hasNull && given === undefined) required.push(field.getName());
  }
  const result: JsonObject = { type: 'object', properties };
  if (required.length > 0) result.required = required;
  return result;
}

function fieldDefault(
  declaration: ts.Declaration | undefined,
  name: string,
): { value: unknown } | undefined {
  try {
    return readMetadata(declaration).default;
  } catch (error) {
    if (!(error instanceof MetadataError)) throw error;
    throw new TypeMappingError(`output field '${name}': ${error.message}`, { node: error.node });
  }
}

function fieldFragment(
  context: TypeContext,
  values: ts.Type[],
  seen: ts.Type[],
  node: ts.Node | undefined,
): JsonObject {
  const [only] = values;
  if (values.length === 1 && only !== undefined) return fragment(context, only, seen, node);
  if (isLiteralUnion(values)) return literalFragment(values);
  const label = values.map((v) => typeLabel(context, v)).join(' | ');
  throw new TypeMappingError(`union types are not supported as output: ${label}`, { node });
}

// Methods and accessors of a class live on the prototype: JSON.stringify never writes them.
function isPrototypeMember(symbol: ts.Symbol): boolean {
  return (symbol.getDeclarations() ?? []).some(
    (d) =>
      ts.isMethodDeclaration(d) || ts.isGetAccessorDeclaration(d) || ts.isSetAccessorDeclaration(d),
  );
}

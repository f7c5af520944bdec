// One input property's TypeScript type → its InputType (the kind, as Python's
// `cog._input_types.InputType`) and that type's JSON-schema fragment. Supported: string, number
// (integer with Integer or @integer), boolean, Path, File, Secret, opaque object types
// (interfaces, type literals, Record, unknown/any: `{"type": "object"}` as Python's dict), arrays
// of those, literal unions (choices), unions of JSON-native members, each optional or nullable.
import ts from 'typescript';
import { sdkKind } from './sdk-types.ts';
import {
  hasSignatures,
  isLibClassLike,
  isUserClass,
  NOT_JSON,
  TypeMappingError,
  typeLabel,
  type TypeContext,
} from './type-context.ts';
import { unionMembers, type UnionMember } from './union-members.ts';

export type InputKind =
  'str' | 'int' | 'float' | 'bool' | 'path' | 'file' | 'secret' | 'object' | 'list' | 'union';

export type Choice = string | number;

export interface InputType {
  kind: InputKind;
  /** The type as written, for messages. */
  label: string;
  nullable: boolean;
  item?: InputType;
  members?: InputType[];
  /** The values of a literal union (all strings or all whole numbers). */
  choices?: Choice[];
}

export type JsonObject = { [key: string]: unknown };

/** JSON-schema fragment of each scalar kind, as the Python SDK's SCALAR_SCHEMA_FRAGMENTS. */
export const SCALAR_FRAGMENTS: Readonly<Record<string, JsonObject>> = {
  str: { type: 'string' },
  int: { type: 'integer' },
  float: { type: 'number' },
  bool: { type: 'boolean' },
  path: { type: 'string', format: 'uri' },
  file: { type: 'string', format: 'uri' },
  secret: { type: 'string', format: 'password', writeOnly: true, 'x-cog-secret': true },
  object: { type: 'object' },
};

/** The fragment without `nullable` for plain optionals (the property places it). */
export function inputFragment(type: InputType): JsonObject {
  if (type.choices !== undefined && (type.kind === 'str' || type.kind === 'int')) {
    return { ...SCALAR_FRAGMENTS[type.kind], enum: [...type.choices] };
  }
  if (type.kind === 'list' && type.item !== undefined) {
    return { type: 'array', items: inputFragment(type.item) };
  }
  if (type.kind === 'union') {
    return {
      anyOf: (type.members ?? []).map((member) => {
        const fragment = inputFragment(member);
        return type.nullable ? { ...fragment, nullable: true } : fragment;
      }),
    };
  }
  return { ...SCALAR_FRAGMENTS[type.kind] };
}

/** The type constraints apply to: the item type of an array, else the type itself. */
export function elementOf(type: InputType): InputType {
  return type.kind === 'list' && type.item !== undefined ? type.item : type;
}

export interface AnalysedInput {
  /** `nullable` is false here; the property decides it (see `input-spec.ts`). */
  type: InputType;
  hasNull: boolean;
  hasUndefined: boolean;
}

export interface AnalyseInputOptions {
  /** `@integer`: a number (or number[]) is an integer. */
  integer: boolean;
}

const UNION_KINDS: ReadonlySet<InputKind> = new Set([
  'bool',
  'int',
  'float',
  'str',
  'list',
  'object',
]);

/** Throws TypeMappingError (message without the property name) for unsupported types. */
export function analyseInputType(
  context: TypeContext,
  type: ts.Type,
  node: ts.TypeNode | undefined,
  options: AnalyseInputOptions,
): AnalysedInput {
  const all = unionMembers(context.checker, type, node);
  const flags = (m: UnionMember): number => m.type.flags;
  const hasNull = all.some((m) => (flags(m) & ts.TypeFlags.Null) !== 0);
  const hasUndefined =
    all.some((m) => (flags(m) & ts.TypeFlags.Undefined) !== 0) ||
    (type.isUnion() && type.types.some((t) => (t.flags & ts.TypeFlags.Undefined) !== 0));
  const members = all.filter(
    (m) => (flags(m) & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) === 0,
  );
  // As written (`steps?: number` is `number`, not the checker's `number | undefined`).
  const label = node === undefined ? typeLabel(context, type) : node.getText();
  if (members.length === 0) {
    throw new TypeMappingError(`unsupported input type ${label}`, { node });
  }
  const grouped = groupLiterals(context, members);
  if (grouped.length === 1 && grouped[0] !== undefined) {
    const only = grouped[0];
    return { type: { ...only(options), label, nullable: false }, hasNull, hasUndefined };
  }
  const analysed = grouped.map((member) => member({ integer: false }));
  for (const member of analysed) {
    if (!UNION_KINDS.has(member.kind)) {
      throw new TypeMappingError(`${member.label} is not supported in union inputs`, { node });
    }
  }
  return {
    type: { kind: 'union', label, nullable: false, members: analysed },
    hasNull,
    hasUndefined,
  };
}

type PendingMember = (options: AnalyseInputOptions) => InputType;

// Consecutive or not, all string literals of a union form one choices member at the place of the
// first (Python's `Literal['a', 'b'] | int`); number literals likewise.
function groupLiterals(context: TypeContext, members: UnionMember[]): PendingMember[] {
  const result: PendingMember[] = [];
  const literals = new Map<'str' | 'int', Choice[]>();
  for (const member of members) {
    const literal = literalValue(member.type);
    if (literal === undefined) {
      result.push((options) => analyseSingle(context, member, options));
      continue;
    }
    const kind = typeof literal === 'string' ? 'str' : 'int';
    if (typeof literal === 'number' && !Number.isInteger(literal)) {
      throw new TypeMappingError(
        `${typeLabel(context, member.type)}: literal choices must be strings or whole numbers`,
        { node: member.node },
      );
    }
    const values = literals.get(kind);
    if (values !== undefined) {
      values.push(literal);
      continue;
    }
    const fresh: Choice[] = [literal];
    literals.set(kind, fresh);
    result.push(() => ({
      kind,
      label: fresh.map((v) => JSON.stringify(v)).join(' | '),
      nullable: false,
      choices: fresh,
    }));
  }
  if (literals.size === 2 && result.length === 2) {
    throw new TypeMappingError('literal choices must be all strings or all whole numbers', {
      node: members[0]?.node,
    });
  }
  return result;
}

function literalValue(type: ts.Type): Choice | undefined {
  if (type.isStringLiteral()) return type.value;
  if (type.isNumberLiteral()) return type.value;
  return undefined;
}

function analyseSingle(
  context: TypeContext,
  member: UnionMember,
  options: AnalyseInputOptions,
): InputType {
  const { checker } = context;
  const { type, node } = member;
  const label = typeLabel(context, type);
  if (checker.isArrayType(type)) {
    const [itemType] = checker.getTypeArguments(type as ts.TypeReference);
    const itemNode = node !== undefined && ts.isArrayTypeNode(node) ? node.elementType : undefined;
    return {
      kind: 'list',
      label,
      nullable: false,
      item: analyseItem(context, itemType, itemNode, options, label),
    };
  }
  const scalar = scalarKind(context, type, options);
  if (scalar !== undefined) return { kind: scalar, label, nullable: false };
  if (checker.isTupleType(type)) {
    throw new TypeMappingError(`tuple type ${label} is not a supported input type`, {
      node,
      hint: 'Use an array (T[]) instead.',
    });
  }
  checkObjectInput(context, type, node, label);
  return { kind: 'object', label, nullable: false };
}

function analyseItem(
  context: TypeContext,
  itemType: ts.Type | undefined,
  itemNode: ts.TypeNode | undefined,
  options: AnalyseInputOptions,
  label: string,
): InputType {
  if (itemType === undefined) return { kind: 'object', label: 'unknown', nullable: false };
  const nested = (): TypeMappingError =>
    new TypeMappingError(`nested generics like ${label} are not supported`, {
      node: itemNode,
      hint: 'Array items must be one plain type (no nested arrays, no optional or union items).',
    });
  if (context.checker.isArrayType(itemType)) throw nested();
  const members = unionMembers(context.checker, itemType, itemNode);
  const nullish = ts.TypeFlags.Null | ts.TypeFlags.Undefined;
  if (members.some((m) => (m.type.flags & nullish) !== 0)) throw nested();
  const grouped = groupLiterals(context, members);
  if (grouped.length !== 1 || grouped[0] === undefined) throw nested();
  return grouped[0](options);
}

function scalarKind(
  context: TypeContext,
  type: ts.Type,
  options: AnalyseInputOptions,
): InputKind | undefined {
  const sdk = sdkKind(context, type);
  if (sdk === 'Path') return 'path';
  if (sdk === 'File') return 'file';
  if (sdk === 'Secret') return 'secret';
  if (sdk === 'Integer') return 'int';
  if (sdk === 'ConcatenateIterator') return undefined;
  const flags = type.flags;
  if ((flags & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral)) !== 0) return 'str';
  if ((flags & ts.TypeFlags.Number) !== 0) return options.integer ? 'int' : 'float';
  if ((flags & ts.TypeFlags.BooleanLike) !== 0) return 'bool';
  return undefined;
}

function checkObjectInput(
  context: TypeContext,
  type: ts.Type,
  node: ts.TypeNode | undefined,
  label: string,
): void {
  const flags = type.flags;
  if ((flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.NonPrimitive)) !== 0) return;
  const hint =
    'Inputs are JSON values: use string, number, Integer, boolean, Path, File, Secret, a literal union, an array, or a plain object type.';
  if ((flags & NOT_JSON) !== 0 || (flags & ts.TypeFlags.Object) === 0) {
    throw new TypeMappingError(`unsupported input type ${label}`, { node, hint });
  }
  if (hasSignatures(type)) {
    throw new TypeMappingError(`function type ${label} is not a supported input type`, {
      node,
      hint,
    });
  }
  if (isLibClassLike(context, type) || isUserClass(context, type)) {
    throw new TypeMappingError(`unsupported input type ${label}`, { node, hint });
  }
}

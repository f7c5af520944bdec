// Annotations → `PyType`, the analyser's picture of what Python's `typing` would hand the SDK:
// builtins and `typing` forms by qualified name, cog's own types, `X | None`, string annotations
// (parsed again), and the project's classes with their kind (pydantic/cog BaseModel, dataclass,
// TypedDict, Enum, os.PathLike) and fields, parents included. Names from other packages raise
// `Unresolved` (external types cannot be read without Python).
import { evalLiteral, type PyValue } from './python-literal.ts';
import { Unresolved, type PyModule, type PyProject, type Resolved } from './python-module.ts';
import { parsePython, type SyntaxNode } from './python-parser.ts';

/** Normalised names: `typing.List` is `list`, `collections.abc.Iterator` is `Iterator`, … */
export type Known =
  | 'str'
  | 'int'
  | 'float'
  | 'bool'
  | 'None'
  | 'list'
  | 'dict'
  | 'set'
  | 'tuple'
  | 'frozenset'
  | 'object'
  | 'bytes'
  | 'complex'
  | 'Any'
  | 'Iterator'
  | 'AsyncIterator'
  | 'Generator'
  | 'AsyncGenerator'
  | 'ConcatenateIterator'
  | 'AsyncConcatenateIterator'
  | 'Path'
  | 'File'
  | 'Secret';

export type PyType =
  | { t: 'known'; name: Known; label: string }
  | { t: 'generic'; name: Known; args: PyType[]; label: string }
  | { t: 'union'; members: PyType[]; label: string }
  | { t: 'literal'; values: PyValue[]; label: string }
  | { t: 'annotated'; base: PyType; opaque: boolean; label: string }
  | { t: 'marker'; marker: 'Required' | 'NotRequired'; base: PyType; label: string }
  | { t: 'class'; cls: PyClass; label: string };

export type ClassKind = 'model' | 'dataclass' | 'typeddict' | 'enum' | 'pathlike' | 'plain';

export interface PyField {
  name: string;
  annotation: PyType;
  hasDefault: boolean;
  /** The default when it is a literal (undefined: none or not a literal). */
  default: PyValue | undefined;
  /** TypedDict: whether the key is required (total= and Required/NotRequired). */
  required?: boolean;
}

export interface PyClass {
  name: string;
  module: PyModule;
  node: SyntaxNode;
  kind: ClassKind;
  fields(): Promise<PyField[]>;
  /** Enum member values in order. */
  members(): Promise<PyValue[]>;
}

const QUALIFIED: Record<
  string,
  Known | 'Optional' | 'Union' | 'Literal' | 'Annotated' | 'Required' | 'NotRequired' | 'Opaque'
> = {
  'builtins.str': 'str',
  'builtins.int': 'int',
  'builtins.float': 'float',
  'builtins.bool': 'bool',
  'builtins.list': 'list',
  'builtins.dict': 'dict',
  'builtins.set': 'set',
  'builtins.tuple': 'tuple',
  'builtins.frozenset': 'frozenset',
  'builtins.object': 'object',
  'builtins.bytes': 'bytes',
  'builtins.complex': 'complex',
  'typing.Any': 'Any',
  'typing.List': 'list',
  'typing.Dict': 'dict',
  'typing.Set': 'set',
  'typing.Tuple': 'tuple',
  'typing.FrozenSet': 'frozenset',
  'typing.Optional': 'Optional',
  'typing.Union': 'Union',
  'typing.Literal': 'Literal',
  'typing.Annotated': 'Annotated',
  'typing.Required': 'Required',
  'typing.NotRequired': 'NotRequired',
  'typing.Iterator': 'Iterator',
  'typing.AsyncIterator': 'AsyncIterator',
  'typing.Generator': 'Generator',
  'typing.AsyncGenerator': 'AsyncGenerator',
  'collections.abc.Iterator': 'Iterator',
  'collections.abc.AsyncIterator': 'AsyncIterator',
  'collections.abc.Generator': 'Generator',
  'collections.abc.AsyncGenerator': 'AsyncGenerator',
  'cog.ConcatenateIterator': 'ConcatenateIterator',
  'cog.AsyncConcatenateIterator': 'AsyncConcatenateIterator',
  'cog.Path': 'Path',
  'cog.File': 'File',
  'cog.Secret': 'Secret',
  'cog.Opaque': 'Opaque',
  'pathlib.Path': 'Path',
  'pathlib.PosixPath': 'Path',
  'pathlib.PurePath': 'Path',
};

/** `typing_extensions.X` → `typing.X`, `cog.types.X` → `cog.X`. */
export function normaliseQualified(qualified: string): string {
  return qualified
    .replace(/^typing_extensions\./, 'typing.')
    .replace(/^cog\.types\./, 'cog.')
    .replace(/^cog\.model\./, 'cog.')
    .replace(/^cog\.input\./, 'cog.')
    .replace(/^cog\.predictor\./, 'cog.')
    .replace(/^cog\.decorators\./, 'cog.');
}

const MODEL_BASES = new Set(['cog.BaseModel', 'pydantic.BaseModel', 'pydantic.main.BaseModel']);
const ENUM_BASES = new Set(['enum.Enum', 'enum.IntEnum', 'enum.StrEnum']);

export class TypeResolver {
  readonly project: PyProject;
  readonly #classes = new Map<SyntaxNode, Promise<PyClass>>();

  constructor(project: PyProject) {
    this.project = project;
  }

  /** An annotation expression (the child of a `type` node, or any expression) in `module`. */
  async annotation(module: PyModule, node: SyntaxNode): Promise<PyType> {
    const label = node.text;
    switch (node.type) {
      case 'type': {
        const inner = node.namedChildren[0];
        if (inner === undefined || inner === null) throw new Unresolved(label);
        return this.annotation(module, inner);
      }
      case 'none':
        return { t: 'known', name: 'None', label: 'None' };
      case 'string': {
        // PEP 563 / forward references: the string is an expression of its own.
        const text = (await evalLiteral(node)) as string;
        const root = await parsePython(`(${text})\n`);
        const expression = root.namedChildren[0]?.namedChildren[0];
        if (root.hasError || expression === undefined || expression === null)
          throw new Unresolved(`annotation ${label}`);
        return this.annotation(module, expression);
      }
      case 'parenthesized_expression': {
        const inner = node.namedChildren[0];
        if (inner === undefined || inner === null) throw new Unresolved(label);
        return this.annotation(module, inner);
      }
      case 'binary_operator': {
        if (node.childForFieldName('operator')?.text !== '|') throw new Unresolved(label);
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left === null || right === null) throw new Unresolved(label);
        const members = [
          ...flattenUnion(await this.annotation(module, left)),
          ...flattenUnion(await this.annotation(module, right)),
        ];
        return { t: 'union', members: dedupe(members), label };
      }
      case 'union_type': {
        const members: PyType[] = [];
        for (const child of node.namedChildren)
          if (child !== null) members.push(...flattenUnion(await this.annotation(module, child)));
        return { t: 'union', members: dedupe(members), label };
      }
      case 'identifier':
      case 'attribute':
        return this.#named(await this.project.resolveExpression(module, node), label);
      case 'generic_type': {
        const [base, params] = node.namedChildren;
        if (base === undefined || base === null || params === undefined || params === null)
          throw new Unresolved(label);
        const args = params.namedChildren.filter((c): c is SyntaxNode => c !== null);
        return this.#subscript(module, base, args, label);
      }
      case 'subscript': {
        const base = node.childForFieldName('value');
        if (base === null) throw new Unresolved(label);
        const args = node
          .childrenForFieldName('subscript')
          .filter((c): c is SyntaxNode => c !== null);
        return this.#subscript(module, base, args, label);
      }
      default:
        throw new Unresolved(`annotation ${label}`);
    }
  }

  async #named(resolved: Resolved, label: string): Promise<PyType> {
    if (resolved.kind === 'class')
      return { t: 'class', cls: await this.pyClass(resolved.module, resolved.node), label };
    if (resolved.kind !== 'external') throw new Unresolved(`${label} is not a type`);
    const known = QUALIFIED[normaliseQualified(resolved.qualified)];
    if (known === undefined) {
      const where = resolved.qualified.split('.').slice(0, -1).join('.');
      throw new Unresolved(
        `cannot resolve type '${label}'${where && where !== 'builtins' ? ` (imported from '${where}')` : ''}`,
      );
    }
    if (known === 'Optional' || known === 'Union' || known === 'Literal' || known === 'Annotated')
      throw new Unresolved(`bare ${label}`);
    if (known === 'Required' || known === 'NotRequired' || known === 'Opaque')
      throw new Unresolved(`bare ${label}`);
    return { t: 'known', name: known, label };
  }

  async #subscript(
    module: PyModule,
    baseNode: SyntaxNode,
    argNodes: SyntaxNode[],
    label: string,
  ): Promise<PyType> {
    const resolved = await this.project.resolveExpression(module, baseNode);
    if (resolved.kind !== 'external') throw new Unresolved(`subscripted ${label}`);
    const known = QUALIFIED[normaliseQualified(resolved.qualified)];
    if (known === undefined) throw new Unresolved(`cannot resolve type '${label}'`);
    const flatArgs = argNodes.flatMap((n) => {
      const inner = n.type === 'type' ? n.namedChildren[0] : n;
      return inner?.type === 'tuple'
        ? inner.namedChildren.filter((c): c is SyntaxNode => c !== null)
        : [n];
    });
    if (known === 'Literal') {
      const values: PyValue[] = [];
      for (const arg of flatArgs) {
        const inner = arg.type === 'type' ? arg.namedChildren[0] : arg;
        if (inner === undefined || inner === null) throw new Unresolved(label);
        values.push(await evalLiteral(inner));
      }
      return { t: 'literal', values, label };
    }
    if (known === 'Annotated') {
      const [first, ...meta] = flatArgs;
      if (first === undefined) throw new Unresolved(label);
      const base = await this.annotation(module, first);
      let opaque = false;
      for (const m of meta) {
        const inner = m.type === 'type' ? m.namedChildren[0] : m;
        if (inner === null || inner === undefined) continue;
        const target = inner.type === 'call' ? inner.childForFieldName('function') : inner;
        if (target === null) continue;
        if (target.type !== 'identifier' && target.type !== 'attribute') continue;
        const r = await this.project.resolveExpression(module, target).catch(() => undefined);
        if (r?.kind === 'external' && normaliseQualified(r.qualified) === 'cog.Opaque')
          opaque = true;
      }
      return { t: 'annotated', base, opaque, label };
    }
    const args: PyType[] = [];
    for (const arg of flatArgs) args.push(await this.annotation(module, arg));
    if (known === 'Optional') {
      const [only] = args;
      if (only === undefined || args.length !== 1) throw new Unresolved(label);
      return { t: 'union', members: dedupe([...flattenUnion(only), NONE]), label };
    }
    if (known === 'Union')
      return { t: 'union', members: dedupe(args.flatMap(flattenUnion)), label };
    if (known === 'Required' || known === 'NotRequired') {
      const [only] = args;
      if (only === undefined) throw new Unresolved(label);
      return { t: 'marker', marker: known, base: only, label };
    }
    if (known === 'Opaque') throw new Unresolved(label);
    return { t: 'generic', name: known, args, label };
  }

  pyClass(module: PyModule, node: SyntaxNode): Promise<PyClass> {
    let entry = this.#classes.get(node);
    if (entry === undefined) {
      entry = this.#readClass(module, node);
      this.#classes.set(node, entry);
    }
    return entry;
  }

  async #readClass(module: PyModule, node: SyntaxNode): Promise<PyClass> {
    const name = node.childForFieldName('name')?.text ?? '?';
    const bases: Array<PyClass | string> = [];
    let total = true;
    for (const arg of node.childForFieldName('superclasses')?.namedChildren ?? []) {
      if (arg === null) continue;
      if (arg.type === 'keyword_argument') {
        const key = arg.childForFieldName('name')?.text;
        const value = arg.childForFieldName('value')?.type;
        // `auto_dataclass=False` (cog.BaseModel) keeps the class annotations as fields: the same.
        if (key === 'total') total = value !== 'false';
        continue;
      }
      const resolved = await this.project.resolveExpression(module, arg);
      if (resolved.kind === 'class') bases.push(await this.pyClass(resolved.module, resolved.node));
      else if (resolved.kind === 'external') bases.push(normaliseQualified(resolved.qualified));
      else throw new Unresolved(`base class ${arg.text}`);
    }
    const decorated = await this.#isDataclass(module, node);
    const kind = classKind(bases, decorated);
    let fields: Promise<PyField[]> | undefined;
    const cls: PyClass = {
      name,
      module,
      node,
      kind,
      fields: () => (fields ??= this.#fields(cls, bases, total)),
      members: () => this.#enumMembers(cls),
    };
    return cls;
  }

  async #isDataclass(module: PyModule, node: SyntaxNode): Promise<boolean> {
    const parent = node.parent;
    if (parent?.type !== 'decorated_definition') return false;
    for (const decorator of parent.namedChildren) {
      if (decorator?.type !== 'decorator') continue;
      let expression = decorator.namedChildren[0];
      if (expression?.type === 'call') expression = expression.childForFieldName('function');
      if (expression === null || expression === undefined) continue;
      if (expression.type !== 'identifier' && expression.type !== 'attribute') continue;
      const resolved = await this.project
        .resolveExpression(module, expression)
        .catch(() => undefined);
      if (resolved?.kind === 'external' && resolved.qualified === 'dataclasses.dataclass')
        return true;
      if (resolved?.kind === 'external' && resolved.qualified.startsWith('pydantic.dataclasses.'))
        return true;
    }
    return false;
  }

  async #fields(cls: PyClass, bases: Array<PyClass | string>, total: boolean): Promise<PyField[]> {
    const inherited: PyField[] = [];
    for (const base of bases) {
      if (typeof base === 'string') continue;
      if (base.kind === 'plain') throw new Unresolved(`fields inherited from ${base.name}`);
      for (const field of await base.fields()) {
        const at = inherited.findIndex((f) => f.name === field.name);
        if (at >= 0) inherited.splice(at, 1);
        inherited.push(field);
      }
    }
    const own: PyField[] = [];
    for (const statement of cls.node.childForFieldName('body')?.namedChildren ?? []) {
      if (statement?.type !== 'expression_statement') continue;
      const assignment = statement.namedChildren[0];
      if (assignment?.type !== 'assignment') continue;
      const left = assignment.childForFieldName('left');
      const typeNode = assignment.childForFieldName('type');
      if (left?.type !== 'identifier' || typeNode === null) continue;
      const annotation = await this.annotation(cls.module, typeNode);
      if (isClassVar(typeNode)) continue;
      const right = assignment.childForFieldName('right');
      const given =
        right === null ? { has: false, value: undefined } : await this.#fieldDefault(right);
      const field: PyField = {
        name: left.text,
        annotation,
        hasDefault: given.has,
        default: given.value,
      };
      if (cls.kind === 'typeddict') {
        field.required = annotation.t === 'marker' ? annotation.marker === 'Required' : total;
      }
      const at = inherited.findIndex((f) => f.name === field.name);
      if (at >= 0) inherited.splice(at, 1);
      own.push(field);
    }
    return [...inherited, ...own];
  }

  /** A field's default: `= literal`, or `field(default=…)` / `Field(…)` (factories count, unread). */
  async #fieldDefault(node: SyntaxNode): Promise<{ has: boolean; value: PyValue | undefined }> {
    if (node.type !== 'call')
      return { has: true, value: await evalLiteral(node).catch(() => undefined) };
    const fn = node.childForFieldName('function')?.text ?? '';
    if (!/(^|\.)(field|Field)$/.test(fn)) throw new Unresolved(`field default ${node.text}`);
    for (const arg of node.childForFieldName('arguments')?.namedChildren ?? []) {
      if (arg === null || arg.type === 'comment') continue;
      const key = arg.type === 'keyword_argument' ? arg.childForFieldName('name')?.text : undefined;
      const value = arg.type === 'keyword_argument' ? arg.childForFieldName('value') : arg;
      if (key === 'default_factory') return { has: true, value: undefined };
      if (key === 'default' || key === undefined) {
        // pydantic's `Field(...)` (Ellipsis) means required.
        if (value === null || value.type === 'ellipsis') return { has: false, value: undefined };
        return { has: true, value: await evalLiteral(value).catch(() => undefined) };
      }
    }
    return { has: false, value: undefined };
  }

  async #enumMembers(cls: PyClass): Promise<PyValue[]> {
    const values: PyValue[] = [];
    for (const statement of cls.node.childForFieldName('body')?.namedChildren ?? []) {
      if (statement?.type !== 'expression_statement') continue;
      const assignment = statement.namedChildren[0];
      if (assignment?.type !== 'assignment') continue;
      const left = assignment.childForFieldName('left');
      const right = assignment.childForFieldName('right');
      if (left?.type !== 'identifier' || right === null || left.text.startsWith('_')) continue;
      if (assignment.childForFieldName('type') !== null) continue;
      const value = await evalLiteral(right);
      if (values.some((v) => v === value)) continue; // an alias of an earlier member
      values.push(value);
    }
    return values;
  }

  /** `Color.RED` → the member's value, when `Color` is one of the project's enums. */
  async enumMember(module: PyModule, node: SyntaxNode): Promise<PyValue | undefined> {
    if (node.type !== 'attribute') return undefined;
    const object = node.childForFieldName('object');
    const member = node.childForFieldName('attribute')?.text;
    if (object === null || member === undefined) return undefined;
    const resolved = await this.project.resolveExpression(module, object).catch(() => undefined);
    if (resolved?.kind !== 'class') return undefined;
    const cls = await this.pyClass(resolved.module, resolved.node);
    if (cls.kind !== 'enum') return undefined;
    for (const statement of cls.node.childForFieldName('body')?.namedChildren ?? []) {
      const assignment =
        statement?.type === 'expression_statement' ? statement.namedChildren[0] : null;
      if (assignment?.type !== 'assignment') continue;
      const right = assignment.childForFieldName('right');
      if (assignment.childForFieldName('left')?.text === member && right !== null)
        return evalLiteral(right);
    }
    return undefined;
  }
}

export const NONE: PyType = { t: 'known', name: 'None', label: 'None' };

function flattenUnion(tp: PyType): PyType[] {
  return tp.t === 'union' ? tp.members : [tp];
}

function dedupe(members: PyType[]): PyType[] {
  const out: PyType[] = [];
  for (const m of members) if (!out.some((o) => sameType(o, m))) out.push(m);
  return out;
}

function sameType(a: PyType, b: PyType): boolean {
  if (a.t === 'known' && b.t === 'known') return a.name === b.name;
  if (a.t === 'class' && b.t === 'class') return a.cls === b.cls;
  return false;
}

function isClassVar(typeNode: SyntaxNode): boolean {
  return /^(typing\.)?ClassVar\b/.test(typeNode.text);
}

function classKind(bases: Array<PyClass | string>, dataclass: boolean): ClassKind {
  for (const base of bases) {
    if (typeof base === 'string') {
      if (MODEL_BASES.has(base)) return 'model';
      if (base === 'typing.TypedDict') return 'typeddict';
      if (ENUM_BASES.has(base)) return 'enum';
      if (base === 'os.PathLike') return 'pathlike';
      if (base === 'cog.File' || base === 'cog.Path' || base === 'pathlib.Path')
        throw new Unresolved(`subclass of ${base}`);
    } else if (base.kind !== 'plain') {
      return base.kind === 'dataclass' && !dataclass ? 'dataclass' : base.kind;
    }
  }
  if (dataclass) return 'dataclass';
  for (const base of bases)
    if (
      typeof base === 'string' &&
      !['builtins.object', 'builtins.str', 'builtins.int'].includes(base)
    )
      throw new Unresolved(`class with base ${base}`);
  return 'plain';
}

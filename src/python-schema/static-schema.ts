// The model's OpenAPI document read statically from its Python source (the original's way,
// runtime.md §8.1, build.md §7), used for checks before anything is built: `cog run -i` inputs and
// types that cannot appear in a schema. The document the image gets stays the one its container
// reports; where the two could differ the static reading gives up (`unresolved`) instead of
// guessing, e.g. for types from other packages. Definite problems throw `StaticSchemaError` with
// the SDK's message.
import { CogError } from '../cog-error.ts';
import {
  analyseInput,
  checkDefinition,
  inputComponent,
  SchemaError,
  type FieldInfo,
  type InputSpec,
} from './input-schema.ts';
import {
  buildDocument,
  ComponentClashError,
  mergeDocuments,
  type PredictionMode,
} from '../contracts/openapi-document.ts';
import { analyseOutput } from './output-schema.ts';
import { evalLiteral, toJson, type PyValue } from './python-literal.ts';
import { PyProject, Unresolved, type PyModule } from './python-module.ts';
import type { SyntaxNode } from './python-parser.ts';
import { normaliseQualified, TypeResolver, type PyType } from './python-types.ts';

export { SchemaError } from './input-schema.ts';

export interface StaticSchemaOptions {
  projectDir: string;
  /** `run:`/`predict:` and `train:` references (`predict.py:Predictor`). */
  predict?: string | undefined;
  train?: string | undefined;
  /** Which document: predict (merged with train when both are set, as the runtime does) or train. */
  mode: PredictionMode;
  /** `info.version` (the SDK's version). */
  sdkVersion: string;
}

export type StaticSchemaResult =
  { kind: 'document'; doc: Record<string, unknown> } | { kind: 'unresolved'; reason: string };

export class StaticSchemaError extends CogError {
  constructor(message: string) {
    super('SCHEMA_INVALID', message, {
      hint: 'Fix the type annotations of your run()/predict() or train() method (see docs/user/python-sdk.md).',
    });
  }
}

export async function staticSchema(options: StaticSchemaOptions): Promise<StaticSchemaResult> {
  const resolver = new TypeResolver(new PyProject(options.projectDir));
  const both = options.predict !== undefined && options.train !== undefined;
  const one = async (ref: string, mode: PredictionMode) => {
    try {
      return await referenceDocument(resolver, ref, mode, options.sdkVersion);
    } catch (error) {
      if (error instanceof SchemaError)
        throw new StaticSchemaError(both ? `${mode} schema: ${error.message}` : error.message);
      throw error;
    }
  };
  try {
    if (options.mode === 'train') {
      if (options.train === undefined) return { kind: 'unresolved', reason: 'no train reference' };
      return { kind: 'document', doc: await one(options.train, 'train') };
    }
    if (options.predict === undefined) {
      if (options.train === undefined) return { kind: 'unresolved', reason: 'no runner reference' };
      return { kind: 'document', doc: await one(options.train, 'train') };
    }
    const predict = await one(options.predict, 'predict');
    if (options.train === undefined) return { kind: 'document', doc: predict };
    return { kind: 'document', doc: mergeDocuments(predict, await one(options.train, 'train')) };
  } catch (error) {
    if (error instanceof StaticSchemaError) throw error;
    // Anything else (a construct this reading does not expect) is the container's to decide.
    return { kind: 'unresolved', reason: (error as Error).message };
  }
}

interface Method {
  module: PyModule;
  node: SyntaxNode;
  name: string;
  skipFirst: boolean;
  streaming: boolean;
  concurrency: number | undefined;
}

async function referenceDocument(
  resolver: TypeResolver,
  ref: string,
  mode: PredictionMode,
  sdkVersion: string,
): Promise<Record<string, unknown>> {
  const colon = ref.lastIndexOf(':');
  if (colon < 0) throw new Unresolved(`reference without a name: ${ref}`);
  // TypeScript predictors have their own generator (src/ts-schema).
  if (!ref.slice(0, colon).endsWith('.py')) throw new Unresolved(`not a Python file: ${ref}`);
  const module = await resolver.project.moduleOfFile(ref.slice(0, colon));
  if (module.root.hasError) throw new Unresolved('syntax error');
  const target = await resolver.project.resolveName(module, ref.slice(colon + 1));
  let method: Method;
  if (target.kind === 'class')
    method = await classMethod(resolver, target.module, target.node, mode);
  else if (target.kind === 'function')
    method = await functionMethod(resolver, target.module, target.node, target.name);
  else throw new Unresolved(`${ref} is not a class or function of the project`);

  const specs = await describeInputs(resolver, method);
  const returns = method.node.childForFieldName('return_type');
  if (returns === null)
    throw new SchemaError(`${method.name}() must have a return type annotation`);
  const output = await analyseOutput(await resolver.annotation(method.module, returns));
  const isAsync = method.node.children.some((c) => c?.type === 'async');
  if (method.concurrency !== undefined && method.concurrency > 1 && !isAsync)
    throw new SchemaError('@concurrent(max > 1) requires an async run() or predict() method');
  if (method.streaming && !output.isStream)
    throw new SchemaError(
      '@streaming requires Iterator[...], AsyncIterator[...], ConcatenateIterator[...] or AsyncConcatenateIterator[...] return type',
    );
  const prefix = mode === 'train' ? 'Training' : '';
  const { component, enums } = inputComponent(specs, `${prefix}Input`);
  try {
    return buildDocument({
      mode,
      inputSchema: component,
      outputSchema: { title: `${prefix}Output`, ...output.schema },
      enums,
      streaming: method.streaming,
      version: sdkVersion,
    });
  } catch (error) {
    if (error instanceof ComponentClashError) throw new SchemaError(error.message);
    throw error;
  }
}

const RUNNER_BASES = new Set(['cog.BaseRunner', 'cog.BasePredictor', 'builtins.object']);

/** The class's own classes, parents first found depth-first (exact for single inheritance). */
async function lineage(
  resolver: TypeResolver,
  module: PyModule,
  node: SyntaxNode,
): Promise<Array<{ module: PyModule; node: SyntaxNode }>> {
  const out = [{ module, node }];
  const bases = (node.childForFieldName('superclasses')?.namedChildren ?? []).filter(
    (arg): arg is SyntaxNode => arg !== null && arg.type !== 'keyword_argument',
  );
  if (bases.length > 1) throw new Unresolved('multiple inheritance');
  for (const base of bases) {
    const resolved = await resolver.project.resolveExpression(module, base);
    if (resolved.kind === 'class')
      out.push(...(await lineage(resolver, resolved.module, resolved.node)));
    else if (
      resolved.kind !== 'external' ||
      !RUNNER_BASES.has(normaliseQualified(resolved.qualified))
    )
      throw new Unresolved(`runner base class ${base.text}`);
  }
  return out;
}

function ownMethod(node: SyntaxNode, name: string): SyntaxNode | undefined {
  for (const statement of node.childForFieldName('body')?.namedChildren ?? []) {
    const definition =
      statement?.type === 'decorated_definition'
        ? statement.childForFieldName('definition')
        : statement;
    if (
      definition?.type === 'function_definition' &&
      definition.childForFieldName('name')?.text === name
    )
      return definition;
    if (
      statement?.type === 'expression_statement' &&
      new RegExp(`^${name}\\s*=`).test(statement.text)
    )
      throw new Unresolved(`${name} assigned in the class body`);
  }
  return undefined;
}

async function classMethod(
  resolver: TypeResolver,
  module: PyModule,
  node: SyntaxNode,
  mode: PredictionMode,
): Promise<Method> {
  const className = node.childForFieldName('name')?.text ?? '?';
  const classes = await lineage(resolver, module, node);
  const find = (name: string) => {
    for (const c of classes) {
      const m = ownMethod(c.node, name);
      if (m !== undefined) return { module: c.module, node: m };
    }
    return undefined;
  };
  let name: string;
  if (mode === 'train') {
    if (find('train') === undefined) throw new SchemaError(`train method not found: ${className}`);
    name = 'train';
  } else {
    const run = find('run');
    const predict = find('predict');
    if (run !== undefined && predict !== undefined)
      throw new SchemaError(`${className} must define either run() or predict(), not both`);
    if (run === undefined && predict === undefined)
      throw new SchemaError(`run or predict method not found: ${className}`);
    name = predict !== undefined ? 'predict' : 'run';
  }
  const setup = find('setup');
  if (setup !== undefined) checkSetup(setup.node);
  const found = find(name);
  if (found === undefined) throw new Unresolved(name);
  const marks = await decoratorMarks(resolver, found.module, found.node);
  return {
    ...found,
    name,
    skipFirst: !marks.static,
    streaming: marks.streaming,
    concurrency: marks.concurrency,
  };
}

async function functionMethod(
  resolver: TypeResolver,
  module: PyModule,
  node: SyntaxNode,
  name: string,
): Promise<Method> {
  const marks = await decoratorMarks(resolver, module, node);
  return {
    module,
    node,
    name,
    skipFirst: false,
    streaming: marks.streaming,
    concurrency: marks.concurrency,
  };
}

function checkSetup(node: SyntaxNode): void {
  const params = parameterNodes(node);
  const extra = params
    .slice(1)
    .map(parameterName)
    .filter((n) => n !== 'weights' && n !== undefined);
  if (params.slice(1).some((p) => p.type.includes('splat') || p.type === 'keyword_separator'))
    throw new Unresolved('setup() with *args');
  if (extra.length > 0) throw new SchemaError(`unexpected setup() arguments: ${extra.join(', ')}`);
  const returns = node.childForFieldName('return_type')?.text;
  if (returns !== undefined && !['None', "'None'", '"None"'].includes(returns))
    throw new SchemaError('setup() must return None');
}

async function decoratorMarks(
  resolver: TypeResolver,
  module: PyModule,
  node: SyntaxNode,
): Promise<{ streaming: boolean; concurrency: number | undefined; static: boolean }> {
  const marks = { streaming: false, concurrency: undefined as number | undefined, static: false };
  const parent = node.parent;
  if (parent?.type !== 'decorated_definition') return marks;
  for (const decorator of parent.namedChildren) {
    if (decorator?.type !== 'decorator') continue;
    const expression = decorator.namedChildren[0];
    if (expression === null || expression === undefined) continue;
    const call = expression.type === 'call' ? expression : undefined;
    const target = call?.childForFieldName('function') ?? expression;
    if (target === null || (target.type !== 'identifier' && target.type !== 'attribute'))
      throw new Unresolved(`decorator ${expression.text}`);
    const resolved = await resolver.project.resolveExpression(module, target);
    const qualified = resolved.kind === 'external' ? normaliseQualified(resolved.qualified) : '';
    if (qualified === 'cog.streaming') marks.streaming = true;
    else if (qualified === 'builtins.staticmethod' || qualified === 'builtins.classmethod')
      marks.static = true;
    else if (qualified === 'cog.concurrent' && call !== undefined) {
      const max = call
        .childForFieldName('arguments')
        ?.namedChildren.find(
          (a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'max',
        );
      const value = max?.childForFieldName('value');
      const n = value === null || value === undefined ? undefined : await evalLiteral(value);
      if (typeof n !== 'number') throw new Unresolved('@concurrent(max=...)');
      marks.concurrency = n;
    } else throw new Unresolved(`decorator ${expression.text}`);
  }
  return marks;
}

function parameterNodes(fn: SyntaxNode): SyntaxNode[] {
  return (fn.childForFieldName('parameters')?.namedChildren ?? []).filter(
    (p): p is SyntaxNode => p !== null && p.type !== 'comment',
  );
}

function parameterName(p: SyntaxNode): string | undefined {
  if (p.type === 'identifier') return p.text;
  if (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern')
    return p.namedChildren.find((c) => c?.type === 'identifier')?.text;
  const named = p.childForFieldName('name');
  if (named !== null) return named.text;
  for (const child of p.namedChildren) {
    if (child?.type === 'identifier') return child.text;
    if (child?.type === 'list_splat_pattern' || child?.type === 'dictionary_splat_pattern')
      return parameterName(child);
  }
  return undefined;
}

async function describeInputs(resolver: TypeResolver, method: Method): Promise<InputSpec[]> {
  let params = parameterNodes(method.node);
  const first = params[0];
  if (
    method.skipFirst &&
    first !== undefined &&
    !first.type.includes('splat') &&
    first.type !== 'keyword_separator'
  )
    params = params.slice(1);
  const specs: InputSpec[] = [];
  let keywordOnly = false;
  for (const param of params) {
    if (param.type === 'positional_separator') throw new Unresolved('positional-only parameters');
    if (param.type === 'keyword_separator') {
      keywordOnly = true;
      continue;
    }
    const name = parameterName(param) ?? '?';
    const splat =
      param.type === 'list_splat_pattern' || param.namedChildren[0]?.type === 'list_splat_pattern';
    const kwsplat =
      param.type === 'dictionary_splat_pattern' ||
      param.namedChildren[0]?.type === 'dictionary_splat_pattern';
    if (splat || kwsplat || keywordOnly) {
      const kind = splat ? '*args' : kwsplat ? '**kwargs' : 'keyword-only';
      const bare = name.replace(/^\*+/, '');
      throw new SchemaError(`unsupported ${kind} parameter ${bare} in ${method.name}()`);
    }
    const typeNode = param.childForFieldName('type');
    if (typeNode === null) throw new SchemaError(`missing type annotation for input: ${name}`);
    const annotation = await resolver.annotation(method.module, typeNode);
    let type;
    try {
      type = await analyseInput(annotation);
    } catch (error) {
      if (error instanceof SchemaError)
        throw new SchemaError(`unsupported type for input '${name}': ${error.message}`);
      throw error;
    }
    const value = param.childForFieldName('value');
    const field =
      value === null
        ? { default: undefined, hasDefault: false }
        : await fieldInfo(resolver, method.module, value);
    const spec: InputSpec = { name, order: specs.length, type, field };
    checkDefinition(spec);
    specs.push(spec);
  }
  return specs;
}

const INPUT_KEYS = new Set([
  'default',
  'description',
  'ge',
  'le',
  'min_length',
  'max_length',
  'regex',
  'choices',
  'deprecated',
  'accept',
]);

async function fieldInfo(
  resolver: TypeResolver,
  module: PyModule,
  node: SyntaxNode,
): Promise<FieldInfo> {
  const literal = (n: SyntaxNode) => evalLiteral(n, (m) => resolver.enumMember(module, m));
  if (node.type !== 'call') return { default: await literal(node), hasDefault: true };
  const fn = node.childForFieldName('function');
  const resolved = fn === null ? undefined : await resolver.project.resolveExpression(module, fn);
  if (resolved?.kind !== 'external' || normaliseQualified(resolved.qualified) !== 'cog.Input')
    throw new Unresolved(`default ${node.text}`);
  const field: FieldInfo = { default: undefined, hasDefault: false };
  let positional = 0;
  for (const arg of node.childForFieldName('arguments')?.namedChildren ?? []) {
    if (arg === null || arg.type === 'comment') continue;
    if (arg.type !== 'keyword_argument') {
      if (positional++ > 0 || arg.type.includes('splat')) throw new Unresolved('Input() arguments');
      field.default = await literal(arg);
      field.hasDefault = true;
      continue;
    }
    const key = arg.childForFieldName('name')?.text ?? '';
    const valueNode = arg.childForFieldName('value');
    if (valueNode === null) continue;
    if (key === 'default_factory')
      throw new SchemaError(
        'default_factory is not supported in Input(). Use default=<value> instead; list and dict defaults are copied for every prediction.',
      );
    if (!INPUT_KEYS.has(key)) throw new Unresolved(`Input(${key}=...)`);
    const value = await literal(valueNode);
    setOption(field, key, value);
  }
  return field;
}

function setOption(field: FieldInfo, key: string, value: PyValue): void {
  if (key === 'default') {
    field.default = value;
    field.hasDefault = true;
    return;
  }
  if (value === null) return;
  const text = (v: PyValue) => {
    if (typeof v !== 'string') throw new Unresolved(`Input(${key}=${String(toJson(v))})`);
    return v;
  };
  const int = (v: PyValue) => {
    if (typeof v !== 'number') throw new Unresolved(`Input(${key}=...)`);
    return v;
  };
  switch (key) {
    case 'description':
      field.description = text(value);
      return;
    case 'regex':
      field.regex = text(value);
      return;
    case 'accept':
      field.accept = text(value);
      return;
    case 'ge':
      field.ge = value;
      return;
    case 'le':
      field.le = value;
      return;
    case 'min_length':
      field.minLength = int(value);
      return;
    case 'max_length':
      field.maxLength = int(value);
      return;
    case 'deprecated':
      if (typeof value !== 'boolean') throw new Unresolved('deprecated=');
      field.deprecated = value;
      return;
    case 'choices':
      if (!Array.isArray(value)) throw new Unresolved('choices=');
      field.choices = value;
      return;
  }
}

export type { PyType };

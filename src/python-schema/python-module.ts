// The project's Python modules as the analyser sees them: each file parsed once, its imports,
// classes and functions indexed, and names resolved across the project's own files (absolute
// and relative imports, packages' `__init__.py`, re-exports). A name that leads outside the
// project is reported by its qualified name (`typing.Optional`, `cog.Path`); what cannot be
// followed (star imports, assignments, missing files) raises `Unresolved`, which makes the caller
// fall back to the container's schema.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parsePython, type SyntaxNode } from './python-parser.ts';

/** Something a static reading cannot decide; the container's schema is used instead. */
export class Unresolved extends Error {}

export interface PyModule {
  /** Dotted module name relative to the project root (`predict`, `pkg.models`). */
  name: string;
  file: string;
  isPackage: boolean;
  root: SyntaxNode;
  imports: Map<string, ImportTarget>;
  classes: Map<string, SyntaxNode>;
  functions: Map<string, SyntaxNode>;
  /** Other top-level names (assignments, star imports) that hide a name from resolution. */
  opaque: Set<string>;
  starImports: boolean;
}

/** `import a.b as c` → {module: 'a.b'}; `from m import x as y` → {module: 'm', name: 'x'}. */
export interface ImportTarget {
  module: string;
  name?: string;
}

export type Resolved =
  | { kind: 'external'; qualified: string }
  | { kind: 'module'; module: PyModule }
  | { kind: 'class'; module: PyModule; node: SyntaxNode; name: string }
  | { kind: 'function'; module: PyModule; node: SyntaxNode; name: string };

export class PyProject {
  readonly root: string;
  readonly #modules = new Map<string, Promise<PyModule | undefined>>();

  constructor(root: string) {
    this.root = root;
  }

  /** The module of a file given relative to the project root (`predict.py`). */
  async moduleOfFile(relative: string): Promise<PyModule> {
    const normal = relative.replace(/\\/g, '/').replace(/^\.\//, '');
    const name = normal
      .replace(/\.py$/, '')
      .replace(/\/__init__$/, '')
      .replace(/\//g, '.');
    const module = await this.module(name);
    if (module === undefined) throw new Unresolved(`cannot read ${relative}`);
    return module;
  }

  /** A project module by dotted name, or undefined when no such file exists (an external module). */
  module(name: string): Promise<PyModule | undefined> {
    let entry = this.#modules.get(name);
    if (entry === undefined) {
      entry = this.#load(name);
      this.#modules.set(name, entry);
    }
    return entry;
  }

  async #load(name: string): Promise<PyModule | undefined> {
    if (name === '' || name.split('.').some((part) => !/^[A-Za-z_]\w*$/.test(part)))
      return undefined;
    const base = path.join(this.root, ...name.split('.'));
    for (const [file, isPackage] of [
      [`${base}.py`, false],
      [path.join(base, '__init__.py'), true],
    ] as const) {
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text !== undefined) return indexModule(name, file, isPackage, await parsePython(text));
    }
    return undefined;
  }

  /** Resolves a top-level name of `module`, following imports through the project. */
  async resolveName(module: PyModule, name: string, depth = 0): Promise<Resolved> {
    if (depth > 16) throw new Unresolved(`import cycle at ${name}`);
    const cls = module.classes.get(name);
    if (cls !== undefined) return { kind: 'class', module, node: cls, name };
    const fn = module.functions.get(name);
    if (fn !== undefined) return { kind: 'function', module, node: fn, name };
    const target = module.imports.get(name);
    if (target !== undefined) return this.#resolveImport(target, depth);
    if (module.opaque.has(name) || module.starImports)
      throw new Unresolved(`'${name}' in ${path.basename(module.file)} is not a plain definition`);
    return { kind: 'external', qualified: `builtins.${name}` };
  }

  async #resolveImport(target: ImportTarget, depth: number): Promise<Resolved> {
    const project = await this.module(target.module);
    if (target.name === undefined) {
      return project === undefined
        ? { kind: 'external', qualified: target.module }
        : { kind: 'module', module: project };
    }
    if (project === undefined)
      return { kind: 'external', qualified: `${target.module}.${target.name}` };
    const submodule = await this.module(`${target.module}.${target.name}`);
    if (submodule !== undefined && !project.classes.has(target.name))
      return { kind: 'module', module: submodule };
    return this.resolveName(project, target.name, depth + 1);
  }

  /** Resolves `a`, `a.b.c` (identifier or attribute node) in `module`. */
  async resolveExpression(module: PyModule, node: SyntaxNode): Promise<Resolved> {
    if (node.type === 'identifier') return this.resolveName(module, node.text);
    if (node.type === 'attribute') {
      const object = node.childForFieldName('object');
      const attribute = node.childForFieldName('attribute');
      if (object === null || attribute === null) throw new Unresolved(node.text);
      const base = await this.resolveExpression(module, object);
      if (base.kind === 'external')
        return { kind: 'external', qualified: `${base.qualified}.${attribute.text}` };
      if (base.kind === 'module') return this.resolveName(base.module, attribute.text);
      throw new Unresolved(`attribute of a class: ${node.text}`);
    }
    throw new Unresolved(`not a name: ${node.text}`);
  }
}

function indexModule(name: string, file: string, isPackage: boolean, root: SyntaxNode): PyModule {
  const module: PyModule = {
    name,
    file,
    isPackage,
    root,
    imports: new Map(),
    classes: new Map(),
    functions: new Map(),
    opaque: new Set(),
    starImports: false,
  };
  const packageName = isPackage ? name : name.split('.').slice(0, -1).join('.');
  for (const statement of root.namedChildren) indexStatement(module, statement, packageName);
  return module;
}

function indexStatement(module: PyModule, node: SyntaxNode | null, packageName: string): void {
  if (node === null) return;
  switch (node.type) {
    case 'decorated_definition':
      indexStatement(module, node.childForFieldName('definition'), packageName);
      return;
    case 'class_definition':
    case 'function_definition': {
      const name = node.childForFieldName('name')?.text;
      if (name === undefined) return;
      forget(module, name);
      (node.type === 'class_definition' ? module.classes : module.functions).set(name, node);
      return;
    }
    case 'import_statement':
      for (const child of node.namedChildren) {
        if (child === null) continue;
        if (child.type === 'dotted_name') {
          // `import a.b` binds `a`.
          const first = child.text.split('.')[0] ?? child.text;
          forget(module, first);
          module.imports.set(first, { module: first });
        } else if (child.type === 'aliased_import') {
          const target = child.childForFieldName('name')?.text ?? '';
          const alias = child.childForFieldName('alias')?.text ?? target;
          forget(module, alias);
          module.imports.set(alias, { module: target });
        }
      }
      return;
    case 'import_from_statement':
      indexFromImport(module, node, packageName);
      return;
    case 'future_import_statement':
      return;
    case 'expression_statement':
      for (const child of node.namedChildren) {
        if (child?.type !== 'assignment') continue;
        const left = child.childForFieldName('left');
        if (left?.type === 'identifier') {
          forget(module, left.text);
          module.opaque.add(left.text);
        }
      }
      return;
    case 'if_statement':
    case 'try_statement':
      // `try: from typing import X / except ImportError: ...`: the first branch counts.
      for (const child of node.namedChildren) {
        if (child?.type === 'block') {
          for (const inner of child.namedChildren) indexStatement(module, inner, packageName);
          return;
        }
      }
      return;
    default:
      return;
  }
}

function forget(module: PyModule, name: string): void {
  module.classes.delete(name);
  module.functions.delete(name);
  module.imports.delete(name);
  module.opaque.delete(name);
}

function indexFromImport(module: PyModule, node: SyntaxNode, packageName: string): void {
  const source = node.childForFieldName('module_name');
  if (source === null) return;
  const from = absoluteModule(source, packageName);
  if (node.namedChildren.some((c) => c?.type === 'wildcard_import')) {
    module.starImports = true;
    return;
  }
  for (const child of node.childrenForFieldName('name')) {
    if (child === null) continue;
    if (child.type === 'dotted_name') {
      forget(module, child.text);
      module.imports.set(child.text, { module: from, name: child.text });
    } else if (child.type === 'aliased_import') {
      const target = child.childForFieldName('name')?.text ?? '';
      const alias = child.childForFieldName('alias')?.text ?? target;
      forget(module, alias);
      module.imports.set(alias, { module: from, name: target });
    }
  }
}

/** `.models` inside package `pkg` → `pkg.models`; `..x` climbs one more level. */
function absoluteModule(node: SyntaxNode, packageName: string): string {
  if (node.type !== 'relative_import') return node.text;
  const text = node.text;
  const dots = text.length - text.replace(/^\.+/, '').length;
  const rest = text.slice(dots);
  const parts = packageName === '' ? [] : packageName.split('.');
  const base = parts.slice(0, Math.max(0, parts.length - (dots - 1)));
  return [...base, ...(rest === '' ? [] : [rest])].join('.');
}

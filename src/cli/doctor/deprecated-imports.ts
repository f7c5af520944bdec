// The `Deprecated imports` check of `cog doctor` (spec doctor.md §4.2, §5.1): names the SDK no
// longer has. The fix drops the name from its import and deletes the top-level statements
// that used it (`warnings.filterwarnings(..., category=ExperimentalFeatureWarning)`), then
// any `import X` that only those statements used. Unlike the original, it never deletes a
// class or function that mentions the name, nor unrelated unused imports: if a class or
// function (or an `if`/`try`/… block) still uses it, the fix refuses and changes nothing.
import { CogError } from '../../cog-error.ts';
import {
  pythonFiles,
  replaceFile,
  type DoctorCheck,
  type Finding,
  type PythonFile,
} from './doctor-check.ts';
import {
  fromImport,
  mentions,
  parseModule,
  plainImport,
  renderFromImport,
  spliceLines,
  type PyStatement,
} from './python-source.ts';

interface RemovedName {
  module: string;
  name: string;
  message: string;
  remediation: string;
}

const REMOVED: readonly RemovedName[] = [
  {
    module: 'cog.types',
    name: 'ExperimentalFeatureWarning',
    message:
      'ExperimentalFeatureWarning was removed in cog 0.17; current_scope().record_metric() is no longer experimental',
    remediation: 'Remove the import of ExperimentalFeatureWarning from cog.types',
  },
];

interface Use {
  removed: RemovedName;
  statement: PyStatement;
  /** The name the module binds (the alias, if any). */
  local: string;
}

function uses(source: PythonFile): Use[] {
  const out: Use[] = [];
  for (const statement of source.module.statements) {
    const imported = fromImport(statement);
    if (imported === undefined) continue;
    for (const removed of REMOVED) {
      if (imported.module !== removed.module) continue;
      const name = imported.names.find((n) => n.name === removed.name);
      if (name !== undefined) out.push({ removed, statement, local: name.alias ?? name.name });
    }
  }
  return out;
}

function isImport(statement: PyStatement): boolean {
  return fromImport(statement) !== undefined || plainImport(statement) !== undefined;
}

/** A class, function or other compound statement: deleting it could take unrelated code along. */
function isCompound(statement: PyStatement): boolean {
  return /^(@|(class|def|async|if|for|while|try|with|match)\b)/.test(statement.text.trimStart());
}

/** The file's text with the removed names gone; throws if a class or function uses one. */
export function withoutRemovedNames(source: PythonFile): string {
  let text = source.text;
  const found = uses(source);
  const locals = found.map((u) => u.local);
  const before = parseModule(text);
  for (const statement of before.statements) {
    if (isImport(statement) || !isCompound(statement)) continue;
    const local = locals.find((l) => mentions(statement.text, l));
    if (local !== undefined) {
      throw new CogError(
        'DOCTOR_FIX',
        `${local} is used in ${source.file}:${statement.start + 1}; remove that use by hand, then run cog doctor --fix again`,
      );
    }
  }
  const usedBefore = plainImportsUsed(text);
  // 1. The import statements, bottom-up so earlier line numbers stay valid.
  for (const use of [...found].reverse()) {
    const imported = fromImport(use.statement);
    if (imported === undefined) continue;
    const kept = imported.names.filter((n) => (n.alias ?? n.name) !== use.local);
    text = spliceLines(
      text,
      use.statement.start,
      use.statement.end,
      kept.length === 0 ? [] : [renderFromImport(imported.module, kept)],
    );
  }
  // 2. Top-level statements that used the name.
  for (const statement of [...parseModule(text).statements].reverse()) {
    if (isImport(statement)) continue;
    if (locals.some((l) => mentions(statement.text, l)))
      text = spliceLines(text, statement.start, statement.end, []);
  }
  // 3. `import X` that only the deleted statements used.
  const usedAfter = plainImportsUsed(text);
  for (const statement of [...parseModule(text).statements].reverse()) {
    const names = plainImport(statement);
    if (names === undefined || names.length !== 1) continue;
    const bound = boundName(names[0] as { name: string; alias?: string });
    if (usedBefore.has(bound) && !usedAfter.has(bound))
      text = spliceLines(text, statement.start, statement.end, []);
  }
  return text;
}

function boundName(name: { name: string; alias?: string }): string {
  return name.alias ?? (name.name.split('.')[0] as string);
}

/** Names bound by plain `import X` statements that the rest of the module mentions. */
function plainImportsUsed(text: string): Set<string> {
  const module = parseModule(text);
  const bound = module.statements.flatMap((s) => plainImport(s) ?? []).map((n) => boundName(n));
  const rest = module.statements.filter((s) => plainImport(s) === undefined);
  return new Set(bound.filter((b) => rest.some((s) => mentions(s.text, b))));
}

export const deprecatedImports: DoctorCheck = {
  group: 'Python',
  description: 'Deprecated imports',
  async run(project) {
    return pythonFiles(project).flatMap((source) =>
      uses(source).map((use): Finding => ({
        severity: 'error',
        message: use.removed.message,
        file: source.file,
        line: use.statement.start + 1,
        remediation: use.removed.remediation,
      })),
    );
  },
  async fix(project) {
    const edits = pythonFiles(project)
      .filter((source) => uses(source).length > 0)
      .map((source) => ({ source, text: withoutRemovedNames(source) }));
    for (const { source, text } of edits) replaceFile(source.absolute, text);
  },
};

// The `Pydantic BaseModel workaround` check of `cog doctor` (spec doctor.md §4.2, §5.2): before
// `cog.BaseModel` existed, output objects holding a `cog.Path` were pydantic models with
// `model_config = ConfigDict(arbitrary_types_allowed=True)`. The fix switches such a class to
// cog's BaseModel and drops that argument. Unlike the original, `pydantic.ConfigDict(...)` keeps
// its `pydantic.` prefix (and `import pydantic` stays), so the result never has a `ConfigDict`
// it does not import (the original left a NameError there).
import {
  pythonFiles,
  replaceFile,
  type DoctorCheck,
  type Finding,
  type PythonFile,
} from './doctor-check.ts';
import {
  codeOnly,
  fromImport,
  mentions,
  parseModule,
  plainImport,
  renderFromImport,
  spliceLines,
  type PyClass,
  type PyModule,
  type PyStatement,
} from './python-source.ts';

const MESSAGE =
  'inherits from pydantic.BaseModel with arbitrary_types_allowed; use cog.BaseModel instead';
const REMEDIATION =
  'Replace pydantic.BaseModel with cog.BaseModel and remove ConfigDict(arbitrary_types_allowed=True)';

interface Flagged {
  cls: PyClass;
  /** The base as written: the local name of pydantic's BaseModel, or `pydantic.BaseModel`. */
  base: string;
  config: PyStatement;
}

function importedName(module: PyModule, from: string, name: string): string | undefined {
  for (const statement of module.statements) {
    const imported = fromImport(statement);
    const found =
      imported?.module === from ? imported.names.find((n) => n.name === name) : undefined;
    if (found !== undefined) return found.alias ?? found.name;
  }
  return undefined;
}

function importsModule(module: PyModule, name: string): boolean {
  return module.statements.some((s) =>
    (plainImport(s) ?? []).some((n) => n.name === name && n.alias === undefined),
  );
}

const workaroundConfig =
  /^model_config\s*=\s*[\w.]+\s*\([\s\S]*\barbitrary_types_allowed\s*=\s*True\b[\s\S]*\)\s*$/;

function flaggedClasses(module: PyModule): Flagged[] {
  const local = importedName(module, 'pydantic', 'BaseModel');
  const attribute = importsModule(module, 'pydantic') ? 'pydantic.BaseModel' : undefined;
  const out: Flagged[] = [];
  for (const cls of module.classes) {
    const base = cls.bases.find((b) => b === local || b === attribute);
    const config = cls.body.find((s) => workaroundConfig.test(codeOnly(s.text).trim()));
    if (base !== undefined && config !== undefined) out.push({ cls, base, config });
  }
  return out;
}

function isImport(statement: PyStatement): boolean {
  return fromImport(statement) !== undefined || plainImport(statement) !== undefined;
}

/** Does any statement but the imports mention `name`? */
function usedOutsideImports(module: PyModule, name: string): boolean {
  return module.statements.some((s) => !isImport(s) && mentions(s.text, name));
}

/** The config statement without `arbitrary_types_allowed=True`; [] if nothing is left. */
function withoutArbitraryTypes(statement: PyStatement): string[] {
  const after = statement.text.includes(',')
    ? statement.text
        .replace(/,\s*arbitrary_types_allowed\s*=\s*True\b(?=\s*[,)])/, '')
        .replace(/\barbitrary_types_allowed\s*=\s*True\s*,\s*/, '')
    : statement.text.replace(/\barbitrary_types_allowed\s*=\s*True\b/, '');
  if (/\(\s*\)\s*$/.test(codeOnly(after))) return [];
  return after.split('\n');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function withCogBaseModel(text: string): string {
  const original = parseModule(text);
  const flagged = flaggedClasses(original);
  if (flagged.length === 0) return text;
  const local = importedName(original, 'pydantic', 'BaseModel');
  // Another class (or a flagged class's body) still uses pydantic's `BaseModel` by that name:
  // cog's is imported under another name.
  const names = new Set(flagged.map((f) => f.cls.name));
  const stillUsed =
    local === 'BaseModel' &&
    original.statements.some((s) => {
      if (isImport(s)) return false;
      const cls = original.classes.find((c) => c.statement === s);
      if (cls === undefined || !names.has(cls.name)) return mentions(s.text, local);
      return cls.body.some((b) => mentions(b.text, local));
    });
  const target = stillUsed ? 'CogBaseModel' : 'BaseModel';

  // 1. Each class, bottom-up: its config statement, then its base.
  for (const { cls, base, config } of [...flagged].reverse()) {
    text = spliceLines(text, config.start, config.end, withoutArbitraryTypes(config));
    const lines = text.split('\n');
    const headerEnd = cls.body[0]?.start ?? cls.line + 1;
    const header = lines.slice(cls.line, headerEnd).join('\n');
    const rewritten = header.replace(new RegExp(`(?<![\\w.])${escapeRegExp(base)}\\b`), target);
    text = spliceLines(text, cls.line, headerEnd, rewritten.split('\n'));
  }

  // 2. Imports that nothing uses any more, bottom-up.
  let module = parseModule(text);
  for (const statement of [...module.statements].reverse()) {
    const imported = fromImport(statement);
    if (imported?.module === 'pydantic') {
      // The flagged classes now name cog's `BaseModel` (or `CogBaseModel`), so pydantic's,
      // if imported as `BaseModel`, stays only when something else still uses it.
      const kept = imported.names.filter((n) =>
        n.name === 'BaseModel' && (n.alias ?? n.name) === 'BaseModel'
          ? stillUsed
          : !['BaseModel', 'ConfigDict'].includes(n.name) ||
            usedOutsideImports(module, n.alias ?? n.name),
      );
      if (kept.length === imported.names.length) continue;
      text = spliceLines(
        text,
        statement.start,
        statement.end,
        kept.length === 0 ? [] : [renderFromImport('pydantic', kept)],
      );
    } else if (
      (plainImport(statement) ?? []).length === 1 &&
      plainImport(statement)?.[0]?.name === 'pydantic' &&
      plainImport(statement)?.[0]?.alias === undefined &&
      !usedOutsideImports(module, 'pydantic')
    ) {
      text = spliceLines(text, statement.start, statement.end, []);
    }
  }

  // 3. cog's BaseModel: into the first `from cog import`, else a new import line.
  module = parseModule(text);
  const wanted = stillUsed ? { name: 'BaseModel', alias: 'CogBaseModel' } : { name: 'BaseModel' };
  if (importedName(module, 'cog', 'BaseModel') === target) return text;
  const cogImport = module.statements.find((s) => fromImport(s)?.module === 'cog');
  if (cogImport !== undefined) {
    const imported = fromImport(cogImport) as { module: string; names: [] };
    return spliceLines(text, cogImport.start, cogImport.end, [
      renderFromImport('cog', [...imported.names, wanted]),
    ]);
  }
  // After the module docstring and the leading imports.
  const isDocstring = (s: PyStatement, i: number): boolean =>
    i === 0 && /^[rbuRBU]*["']/.test(s.text);
  let leading = module.statements.findIndex((s, i) => !isImport(s) && !isDocstring(s, i));
  if (leading === -1) leading = module.statements.length;
  const insertAt = leading === 0 ? 0 : (module.statements[leading - 1] as PyStatement).end;
  return spliceLines(text, insertAt, insertAt, [renderFromImport('cog', [wanted])]);
}

function findings(source: PythonFile): Finding[] {
  return flaggedClasses(source.module).map(({ cls }) => ({
    severity: 'error',
    message: `${cls.name} ${MESSAGE}`,
    file: source.file,
    line: cls.line + 1,
    remediation: REMEDIATION,
  }));
}

export const pydanticWorkaround: DoctorCheck = {
  group: 'Python',
  description: 'Pydantic BaseModel workaround',
  async run(project) {
    return pythonFiles(project).flatMap(findings);
  },
  async fix(project) {
    for (const source of pythonFiles(project)) {
      const text = withCogBaseModel(source.text);
      if (text !== source.text) replaceFile(source.absolute, text);
    }
  },
};

// A small structural reader for Python source, enough for `cog doctor`'s checks and fixes
// (the original used tree-sitter): it splits a block into its statements (strings, brackets,
// comments and backslash continuations respected, decorators kept with what they decorate),
// reads import statements and class headers. Lines are 0-based; `end` is exclusive and stops
// after the statement's last non-blank line, so deleting [start, end) leaves blank lines alone.

export interface PyStatement {
  start: number;
  end: number;
  /** The statement's lines joined, decorators included. */
  text: string;
}

export interface PyImportName {
  name: string;
  alias?: string;
}

export interface PyFromImport {
  module: string;
  names: PyImportName[];
}

export interface PyClass {
  name: string;
  /** Line of the `class` keyword. */
  line: number;
  bases: string[];
  statement: PyStatement;
  /** The statements of the class body. */
  body: PyStatement[];
}

export interface PyFunction {
  name: string;
  line: number;
  hasReturnAnnotation: boolean;
}

/** For each line: does it start outside any string, bracket or continuation? */
export function cleanLineStarts(lines: readonly string[]): boolean[] {
  const clean: boolean[] = [];
  let depth = 0;
  let quote: string | undefined;
  let continued = false;
  for (const line of lines) {
    clean.push(depth === 0 && quote === undefined && !continued);
    continued = false;
    let i = 0;
    while (i < line.length) {
      const ch = line[i] as string;
      if (quote !== undefined) {
        if (ch === '\\') i += 2;
        else if (line.startsWith(quote, i)) {
          i += quote.length;
          quote = undefined;
        } else i++;
        continue;
      }
      if (ch === '#') break;
      if (ch === '"' || ch === "'") {
        const triple = ch.repeat(3);
        quote = line.startsWith(triple, i) ? triple : ch;
        i += quote.length;
        continue;
      }
      if ('([{'.includes(ch)) depth++;
      else if (')]}'.includes(ch)) depth = Math.max(0, depth - 1);
      else if (ch === '\\' && i === line.length - 1) continued = true;
      i++;
    }
    // A single-quoted string cannot span lines (unless continued with a backslash).
    if (quote !== undefined && quote.length === 1 && !line.endsWith('\\')) quote = undefined;
  }
  return clean;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function isCode(line: string): boolean {
  const trimmed = line.trim();
  return trimmed !== '' && !trimmed.startsWith('#');
}

/** The statements of the block in lines [from, to) whose statements start at `indent`. */
export function statementsOf(
  lines: readonly string[],
  from = 0,
  to = lines.length,
  clean: readonly boolean[] = cleanLineStarts(lines),
): PyStatement[] {
  let indent: number | undefined;
  const out: Array<{ start: number; last: number }> = [];
  let decoratorStart: number | undefined;
  for (let i = from; i < to; i++) {
    const line = lines[i] as string;
    if (!clean[i] || !isCode(line)) {
      if (clean[i] === false && out.length > 0) (out.at(-1) as { last: number }).last = i;
      continue;
    }
    indent ??= indentOf(line);
    if (indentOf(line) > indent) {
      if (out.length > 0) (out.at(-1) as { last: number }).last = i;
      continue;
    }
    if (indentOf(line) < indent) break;
    const previous = out.at(-1);
    if (decoratorStart !== undefined && previous !== undefined) {
      // The decorated statement starts here; it absorbs the decorator lines above.
      previous.last = i;
      if (!line.trimStart().startsWith('@')) decoratorStart = undefined;
      continue;
    }
    out.push({ start: i, last: i });
    if (line.trimStart().startsWith('@')) decoratorStart = i;
  }
  return out.map(({ start, last }) => ({
    start,
    end: last + 1,
    text: lines.slice(start, last + 1).join('\n'),
  }));
}

/** Code with comments and string contents blanked, for "does it mention X" questions. */
export function codeOnly(text: string): string {
  let out = '';
  let quote: string | undefined;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (quote !== undefined) {
      if (ch === '\\') i += 2;
      else if (text.startsWith(quote, i)) {
        out += quote;
        i += quote.length;
        quote = undefined;
      } else {
        out += ch === '\n' ? '\n' : ' ';
        i++;
      }
      continue;
    }
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const triple = ch.repeat(3);
      quote = text.startsWith(triple, i) ? triple : ch;
      out += quote;
      i += quote.length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

export function mentions(text: string, name: string): boolean {
  return new RegExp(`(?<![\\w.])${name}\\b`).test(codeOnly(text));
}

function flat(text: string): string {
  return codeOnly(text)
    .replace(/\\\n/g, ' ')
    .replace(/[()\n]/g, ' ')
    .trim();
}

export function fromImport(statement: PyStatement): PyFromImport | undefined {
  const match = /^from\s+([\w.]+)\s+import\s+(.*)$/s.exec(flat(statement.text));
  if (match === null) return undefined;
  const names = (match[2] as string)
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [name, alias] = part.split(/\s+as\s+/);
      return alias === undefined ? { name: name as string } : { name: name as string, alias };
    });
  return { module: match[1] as string, names };
}

/** `import a, b.c as d` → [{name: 'a'}, {name: 'b.c', alias: 'd'}]. */
export function plainImport(statement: PyStatement): PyImportName[] | undefined {
  const match = /^import\s+(.*)$/s.exec(flat(statement.text));
  if (match === null) return undefined;
  return (match[1] as string).split(',').map((part) => {
    const [name, alias] = part.trim().split(/\s+as\s+/);
    return alias === undefined ? { name: name as string } : { name: name as string, alias };
  });
}

/** The statement's first line after its decorators, if it starts with `keyword`. */
function headerLine(
  statement: PyStatement,
  lines: readonly string[],
  clean: readonly boolean[],
  keyword: RegExp,
): number | undefined {
  for (let i = statement.start; i < statement.end; i++) {
    const line = (lines[i] as string).trimStart();
    if (!clean[i] || line.startsWith('@') || !isCode(line)) continue;
    return keyword.test(line) ? i : undefined;
  }
  return undefined;
}

/** The class or function header: the text from the keyword through the `:` that ends it. */
function header(text: string): string {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === ':' && depth === 0) return text.slice(0, i);
  }
  return text;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

export function classesOf(
  lines: readonly string[],
  statements: readonly PyStatement[],
  clean: readonly boolean[] = cleanLineStarts(lines),
): PyClass[] {
  const out: PyClass[] = [];
  for (const statement of statements) {
    const line = headerLine(statement, lines, clean, /^class\s/);
    if (line === undefined) continue;
    const text = codeOnly(lines.slice(line, statement.end).join('\n'));
    const match = /^\s*class\s+(\w+)\s*(\(([\s\S]*)\))?\s*$/.exec(header(text));
    if (match === null) continue;
    const headerLines = header(text).split('\n').length;
    const body = statementsOf(lines, line + headerLines, statement.end, clean);
    out.push({
      name: match[1] as string,
      line,
      bases: match[3] === undefined ? [] : splitTopLevel(match[3].replace(/\\\n/g, ' ')),
      statement,
      body,
    });
  }
  return out;
}

export function functionsOf(
  lines: readonly string[],
  statements: readonly PyStatement[],
  clean: readonly boolean[] = cleanLineStarts(lines),
): PyFunction[] {
  const out: PyFunction[] = [];
  for (const statement of statements) {
    const line = headerLine(statement, lines, clean, /^(async\s+)?def\s/);
    if (line === undefined) continue;
    const text = codeOnly(lines.slice(line, statement.end).join('\n'));
    const match = /^\s*(?:async\s+)?def\s+(\w+)\s*\(/.exec(text);
    if (match === null) continue;
    out.push({ name: match[1] as string, line, hasReturnAnnotation: header(text).includes('->') });
  }
  return out;
}

/** A parsed module: its lines, top-level statements and classes. */
export interface PyModule {
  lines: string[];
  statements: PyStatement[];
  classes: PyClass[];
}

export function parseModule(text: string): PyModule {
  const lines = text.split('\n');
  const clean = cleanLineStarts(lines);
  const statements = statementsOf(lines, 0, lines.length, clean);
  return { lines, statements, classes: classesOf(lines, statements, clean) };
}

/** `from m import a, b as c` for a rewritten import statement. */
export function renderFromImport(module: string, names: readonly PyImportName[]): string {
  const rendered = names.map((n) => (n.alias === undefined ? n.name : `${n.name} as ${n.alias}`));
  return `from ${module} import ${rendered.join(', ')}`;
}

/** The text with lines [start, end) replaced. */
export function spliceLines(
  text: string,
  start: number,
  end: number,
  replacement: readonly string[],
): string {
  const lines = text.split('\n');
  lines.splice(start, end - start, ...replacement);
  return lines.join('\n');
}

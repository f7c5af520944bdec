// `--progress auto` when stderr is not a terminal (piped to a file, CI): BuildKit's plain log,
// condensed to what tells the user something. A fully cached build prints ~70 plain lines, all
// of them `[internal] load …`, `CACHED`, `exporting …` bookkeeping; here a step appears only
// once it prints output or fails (header first, then its lines and its DONE), and everything
// outside the `#<n>` log (BuildKit's closing error block) passes through. `--progress plain`
// keeps the full log. Pure: lines in, lines out.

const VERTEX_LINE = /^#(\d+) (.*)$/;

export type PlainLogFilter = (line: string) => string[];

export function createPlainLogFilter(): PlainLogFilter {
  const headers = new Map<string, string>();
  const shown = new Set<string>();
  return (line) => {
    if (line.trim() === '') return [];
    const match = VERTEX_LINE.exec(line);
    if (match === null) return [line];
    const id = match[1] ?? '';
    const rest = match[2] ?? '';
    if (!headers.has(id)) {
      headers.set(id, line);
      return [];
    }
    const isOutput = /^\d+\.\d+ /.test(rest);
    const isError = rest.startsWith('ERROR');
    if (shown.has(id)) return isOutput || isError || rest.startsWith('DONE') ? [line] : [];
    if (!isOutput && !isError) return [];
    shown.add(id);
    return [headers.get(id) ?? line, line];
  };
}

/** Splits a byte stream into lines for the filter, holding back a partial last line. */
export function lineSplitter(onLine: (line: string) => void): {
  push(text: string): void;
  end(): void;
} {
  let pending = '';
  return {
    push(text) {
      const parts = (pending + text).split('\n');
      pending = parts.pop() ?? '';
      for (const part of parts) onLine(part.replace(/\r$/, ''));
    },
    end() {
      if (pending !== '') onLine(pending);
      pending = '';
    },
  };
}

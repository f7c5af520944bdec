// Reading pip requirement lines (build.md §5.6): the text of a requirements file, or the
// deprecated `build.python_packages` list, becomes a list of logical requirement lines.
//
// Deliberate difference from the original: an inline comment starts only at a `#` that begins
// the line or follows whitespace (pip's own rule). The original cut at the first `#` anywhere,
// which broke URL fragments such as `git+https://…#egg=pkg`.

// One whitespace character before `#` is enough (the line is trimmed afterwards); `\s+` here
// backtracked quadratically over long runs of blanks.
const COMMENT_RE = /(^|\s)#.*$/;

/** Splits requirements-file text into logical lines: continuations joined, comments removed. */
export function readRequirementLines(text: string): string[] {
  const physical = text.replace(/\r\n?/g, '\n').split('\n');
  const joined: string[] = [];
  let pending = '';
  for (const line of physical) {
    // A trailing backslash continues the line; the backslash is removed, nothing inserted.
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1);
      continue;
    }
    joined.push(pending + line);
    pending = '';
  }
  if (pending !== '') joined.push(pending);
  return joined.flatMap((raw) => {
    const line = raw.replace(COMMENT_RE, '').trim();
    if (line === '' || line === '-e .') return [];
    return [line];
  });
}

/** `build.python_packages` entries are treated like requirement-file lines. */
export function packageListLines(packages: readonly string[]): string[] {
  return readRequirementLines(packages.join('\n'));
}

/** The distribution name at the start of a requirement line, or undefined for options/URLs/paths. */
export function requirementName(line: string): string | undefined {
  const m = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)(?=$|[\s=<>!~;[@(,])/.exec(line);
  return m ? m[1] : undefined;
}

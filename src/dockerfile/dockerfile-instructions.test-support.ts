// Test support (not a test file): the instruction keywords of a Dockerfile, read the way
// BuildKit reads them, so a test can tell whether a value added or swallowed an instruction.
// Lines are split at \n and also at a lone \r or U+2028/U+2029 (stricter than BuildKit, so
// any such character in the output shows up as an extra line); `#` lines are comments; a
// line ending in `\` continues the instruction; a RUN/COPY/ADD word `[n]<<[-]WORD` opens a
// heredoc whose body runs up to a line that is exactly WORD (tabs stripped for `<<-`).

const HEREDOC_WORD = /^\d*<<(-?)(['"]?)([^<'"]+)\2$/;

export function dockerfileInstructions(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r|\u2028|\u2029/);
  const keywords: string[] = [];
  let i = 0;
  while (i < lines.length) {
    let line = lines[i++] ?? '';
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    while (line.endsWith('\\') && i < lines.length) line = line.slice(0, -1) + (lines[i++] ?? '');
    const keyword = (line.trim().split(/\s+/)[0] ?? '').toUpperCase();
    keywords.push(keyword);
    if (!['RUN', 'COPY', 'ADD'].includes(keyword)) continue;
    for (const word of line.split(/\s+/)) {
      // BuildKit removes quotes before matching, so `"<<EOF"` opens a heredoc too.
      const heredoc =
        HEREDOC_WORD.exec(word) ?? HEREDOC_WORD.exec(word.replace(/^(['"])(.*)\1$/, '$2'));
      if (heredoc === null) continue;
      const [, chomp, , delimiter] = heredoc;
      while (i < lines.length) {
        const body = lines[i++] ?? '';
        if ((chomp === '-' ? body.replace(/^\t+/, '') : body) === delimiter) break;
      }
    }
  }
  return keywords;
}

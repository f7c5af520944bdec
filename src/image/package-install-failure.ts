// A build that fails because a Python requirement cannot be found ends, in BuildKit's words,
// with `failed to solve: process "/bin/sh -c uv run pip install …" did not complete`. The
// installer said which requirement it was a few lines earlier; this finds that line, so the
// error can name the package and the file it came from. Pure, table-tested.

/** BuildKit prefixes step output with `#<n> <seconds> ` (plain) or `<seconds> ` (error block). */
function stripBuildKitPrefix(line: string): string {
  return line.replace(/^#\d+\s+/, '').replace(/^\d+\.\d+\s+/, '');
}

const PATTERNS: readonly RegExp[] = [
  // pip
  /^ERROR: No matching distribution found for (\S+)/,
  /^ERROR: Could not find a version that satisfies the requirement (\S+)/,
  // uv
  /Because (\S+) was not found in the package registry/,
  /Because there is no version of (\S+?)(?: and|,|$)/,
];

/** The requirement an installer could not find (e.g. `torchh==2.0`), if the log says so. */
export function missingPythonPackage(lines: readonly string[]): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = stripBuildKitPrefix((lines[i] ?? '').trim());
    for (const pattern of PATTERNS) {
      const match = pattern.exec(line);
      if (match?.[1] !== undefined) return match[1];
    }
  }
  return undefined;
}

// "Did you mean this?" for an unknown command, as cobra does: explicit suggestions first
// (`infer` → run, `auth` → login, ...), then names within edit distance 2 or sharing a prefix.

const explicitSuggestions: Record<string, string> = {
  infer: 'run',
  auth: 'login',
  authenticate: 'login',
  authorize: 'login',
  new: 'init',
  start: 'init',
  http: 'serve',
  ui: 'playground',
  gui: 'playground',
};

export function suggestCommands(typed: string, visibleNames: readonly string[]): string[] {
  const explicit = explicitSuggestions[typed];
  const found = new Set<string>();
  if (explicit !== undefined && visibleNames.includes(explicit)) found.add(explicit);
  for (const name of visibleNames) {
    const close = editDistance(typed.toLowerCase(), name.toLowerCase()) <= 2;
    if (close || name.startsWith(typed.toLowerCase())) found.add(name);
  }
  return [...found];
}

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(
        Math.min(
          (previous[j] as number) + 1,
          (row[j - 1] as number) + 1,
          (previous[j - 1] as number) + cost,
        ),
      );
    }
    previous = row;
  }
  return previous[b.length] as number;
}

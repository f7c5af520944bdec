// "Did you mean this?" for an unknown command, as cobra does: explicit suggestions first
// (`infer` → run, `auth` → login, ...), then names within edit distance 2 or sharing a prefix.
import { editDistance } from '../config/edit-distance.ts';

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

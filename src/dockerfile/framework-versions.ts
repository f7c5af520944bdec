// Which framework versions Cog sees in the requirements (build.md §3.2). The first line whose
// distribution name is exactly `torch` (or `torchvision`, `torchaudio`, `tensorflow`) wins;
// its "version" is the first token after any comparison operator, so `torch>=2.0` reads as
// "2.0" (as the original does). No specifier → "" (present, unversioned); `name @ url` → the URL.
import { requirementName } from './requirements-reader.ts';

export interface FrameworkVersions {
  torch?: string;
  torchvision?: string;
  torchaudio?: string;
  tensorflow?: string;
}

const FRAMEWORKS = ['torch', 'torchvision', 'torchaudio', 'tensorflow'] as const;
const SPECIFIER_RE = /^\s*(?:===|==|>=|<=|~=|!=|<|>)\s*([^\s,;]*)/;

/** The version token of one requirement line for a known name (see header). */
export function specifierVersion(line: string, name: string): string {
  const rest = line.slice(name.length);
  const direct = /^\s*@\s*(\S+)/.exec(rest);
  if (direct?.[1]) return direct[1];
  const spec = SPECIFIER_RE.exec(rest.replace(/^\[[^\]]*\]/, ''));
  return spec?.[1] ?? '';
}

/** `lines` must already exclude local package artifacts. */
export function findFrameworkVersions(lines: readonly string[]): FrameworkVersions {
  const found: FrameworkVersions = {};
  for (const line of lines) {
    const name = requirementName(line);
    for (const framework of FRAMEWORKS) {
      if (name === framework && found[framework] === undefined) {
        found[framework] = specifierVersion(line, name);
      }
    }
  }
  return found;
}

// Version numbers as Cog's compatibility logic uses them: `major[.minor[.patch]][+meta]`.
// Three relations matter and they differ on purpose (build.md §3.1):
//   matches  same major.minor; patch compared only when both sides have one; meta ignored.
//            ("2.3" matches "2.3.0" and "2.3.1+cu118"; "11.8" matches "11.8.0")
//   equal    major, minor, patch (missing = 0) and meta all equal.
//   compare  orders by major, minor, patch (missing = 0); meta ignored.

export interface Version {
  major: number;
  minor: number | undefined;
  patch: number | undefined;
  meta: string;
}

const VERSION_RE = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\+([0-9A-Za-z.-]+))?$/;

/** Parses a version, or returns undefined for anything else (pre-releases, URLs, ""). */
export function parseVersion(text: string): Version | undefined {
  const m = VERSION_RE.exec(text.trim());
  if (!m) return undefined;
  return {
    major: Number(m[1]),
    minor: m[2] === undefined ? undefined : Number(m[2]),
    patch: m[3] === undefined ? undefined : Number(m[3]),
    meta: m[4] ?? '',
  };
}

export function versionMatches(a: string, b: string): boolean {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (!va || !vb) return false;
  if (va.major !== vb.major || (va.minor ?? 0) !== (vb.minor ?? 0)) return false;
  if (va.patch !== undefined && vb.patch !== undefined) return va.patch === vb.patch;
  return true;
}

export function versionEqual(a: string, b: string): boolean {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (!va || !vb) return false;
  return compareParsed(va, vb) === 0 && va.meta === vb.meta;
}

/** Negative, zero or positive like a sort comparator; unparsable versions sort first. */
export function compareVersions(a: string, b: string): number {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (!va || !vb) return (va ? 1 : 0) - (vb ? 1 : 0);
  return compareParsed(va, vb);
}

function compareParsed(a: Version, b: Version): number {
  return a.major - b.major || (a.minor ?? 0) - (b.minor ?? 0) || (a.patch ?? 0) - (b.patch ?? 0);
}

/** "2.7.0+cu128" → "2.7.0". */
export function stripLocalSuffix(version: string): string {
  const plus = version.indexOf('+');
  return plus === -1 ? version : version.slice(0, plus);
}

/** "11.8.0" → "11.8"; versions without a minor come back unchanged. */
export function majorMinor(version: string): string {
  const v = parseVersion(version);
  if (!v || v.minor === undefined) return version;
  return `${v.major}.${v.minor}`;
}

/** The local-version suffix "+cu118" as a CUDA version "11.8", or undefined. */
export function cudaFromLocalSuffix(version: string): string | undefined {
  const m = /\+cu(\d+)(\d)$/.exec(version);
  return m ? `${m[1]}.${m[2]}` : undefined;
}

// `environment:` entries (§2.4): `KEY=VALUE`, split at the first `=`; the key must be non-empty,
// not reserved by Cog/CUDA/the platform, and defined once. The value is kept as written
// (spaces, quotes, `=`, commas). `parseEnvironment` hands the dockerfile stage the pairs
// sorted by key, which is the order of the generated `ENV` line.
import { CogError } from '../cog-error.ts';
import { report, type CheckContext } from './check-context.ts';
import { ENVIRONMENT_ENTRY_PATTERN } from './cog-yaml-schema.ts';
import { controlCharacterProblem, environmentNameProblem, printable } from './value-grammars.ts';

/** Exact names, or prefixes when the entry ends in `*`. `COG_*` is deliberately allowed. */
export const RESERVED_ENVIRONMENT_NAMES: readonly string[] = [
  'PATH',
  'LD_LIBRARY_PATH',
  'PYTHONPATH',
  'VIRTUAL_ENV',
  'PYTHONUNBUFFERED',
  'R8_*',
  'REPLICATE_*',
  'LIBRARY_PATH',
  'CUDA_*',
  'NVIDIA_*',
  'NV_*',
  'PGET_*',
  'HF_ENDPOINT',
  'HF_HUB_ENABLE_HF_TRANSFER',
  'KUBERNETES_*',
];

export function isReservedEnvironmentName(name: string): boolean {
  return RESERVED_ENVIRONMENT_NAMES.some((entry) =>
    entry.endsWith('*') ? name.startsWith(entry.slice(0, -1)) : name === entry,
  );
}

export type EnvironmentProblem = {
  index: number;
  message: string;
  /** A bad name or a control character: what the schema pattern may have reported already. */
  syntax?: true;
};

/** Every problem of the list, in list order; an entry reports at most one problem. */
export function environmentProblems(entries: readonly string[]): EnvironmentProblem[] {
  const problems: EnvironmentProblem[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const eq = entry.indexOf('=');
    const name = eq === -1 ? '' : entry.slice(0, eq);
    if (name === '') {
      problems.push({
        index,
        message: `environment variable "${printable(entry)}" is not in the KEY=VALUE format`,
      });
    } else if (environmentNameProblem(name) !== undefined) {
      problems.push({
        index,
        message: `environment variable name "${printable(name)}" ${environmentNameProblem(name)}`,
        syntax: true,
      });
    } else if (controlCharacterProblem(entry) !== undefined) {
      // The value is written into the Dockerfile's ENV line (quoted, so anything else is fine).
      problems.push({
        index,
        message: `environment variable "${name}" value ${controlCharacterProblem(entry)}`,
        syntax: true,
      });
    } else if (isReservedEnvironmentName(name)) {
      problems.push({
        index,
        message: `environment variable "${name}" is not allowed: reserved for internal use`,
      });
    } else if (seen.has(name)) {
      problems.push({ index, message: `environment variable "${name}" is already defined` });
    }
    if (name !== '') seen.add(name);
  });
  return problems;
}

const SCHEMA_PATTERN = new RegExp(ENVIRONMENT_ENTRY_PATTERN);

export function checkEnvironment(ctx: CheckContext): void {
  const entries = ctx.config.environment ?? [];
  for (const { index, message, syntax } of environmentProblems(entries)) {
    // The schema pattern refuses these entries too (`.*` stops at a newline or CR) and was
    // reported already, in the original's words; this line is for parseEnvironment's callers.
    if (syntax && !SCHEMA_PATTERN.test(entries[index] ?? '')) continue;
    report(ctx, {
      code: 'CONFIG_ENVIRONMENT',
      field: 'environment',
      message,
      path: ['environment', index],
    });
  }
}

/**
 * The validated entries as `[key, value]` pairs sorted by key (code-unit order, as Go's
 * sort.Strings). Throws on an entry the checks would reject, so callers can't skip them.
 */
export function parseEnvironment(entries: readonly string[] | undefined): Array<[string, string]> {
  const list = entries ?? [];
  const [problem] = environmentProblems(list);
  if (problem !== undefined)
    throw new CogError('CONFIG_ENVIRONMENT', `invalid environment: ${problem.message}`);
  const pairs = list.map((entry): [string, string] => {
    const eq = entry.indexOf('=');
    return [entry.slice(0, eq), entry.slice(eq + 1)];
  });
  return pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

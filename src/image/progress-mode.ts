// Build progress modes (build.md §8): which BuildKit renderer the user asked for, and the
// default when they did not ask. Pure, so the rules are table-tested.
import { CogError } from '../cog-error.ts';

export const PROGRESS_MODES = ['auto', 'tty', 'plain', 'quiet'] as const;
export type ProgressMode = (typeof PROGRESS_MODES)[number];

/** The `--progress` default: `$BUILDKIT_PROGRESS`, else `plain` when `TERM=dumb`, else `auto`. */
export function defaultProgressMode(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.BUILDKIT_PROGRESS;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return env.TERM === 'dumb' ? 'plain' : 'auto';
}

/** Validates a `--progress` value before anything is built; an empty value means the default. */
export function parseProgressMode(
  value: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ProgressMode {
  const mode = value === undefined || value === '' ? defaultProgressMode(env) : value;
  if ((PROGRESS_MODES as readonly string[]).includes(mode)) return mode as ProgressMode;
  throw new CogError('INVALID_PROGRESS', `invalid progress mode ${JSON.stringify(mode)}`, {
    hint: `Use one of: ${PROGRESS_MODES.join(', ')} (flag --progress or BUILDKIT_PROGRESS).`,
  });
}

/**
 * Whether BuildKit's full log appears between our lines (so blank lines frame it): not for
 * `quiet`, nor for `auto` without a terminal, whose log is condensed to the steps that printed.
 */
export function framesBuildLog(mode: ProgressMode, isTTY: boolean): boolean {
  return mode === 'plain' || mode === 'tty' || (mode === 'auto' && isTTY);
}

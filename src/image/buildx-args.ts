// The `docker buildx build` argv for one build request (build.md §6.7), computed by a pure
// function so every flag combination is table-tested without a daemon.
import type { BuildSecret } from './build-secrets.ts';
import { secretArg } from './build-secrets.ts';
import type { ProgressMode } from './progress-mode.ts';

/** Everything one image build needs; shared by the buildx runner and the engine-API fallback. */
export interface BuildRequest {
  /** The main build context (the project root, or a staging dir). */
  contextDir: string;
  /** Path of the Dockerfile; its `<name>.dockerignore` sibling filters the context. */
  dockerfile: string;
  /** Image name the result is tagged with. */
  tag: string;
  progress: ProgressMode;
  /** Always `linux/amd64` for Cog images, as the original. */
  platform?: string;
  /** Named contexts, e.g. `{ cog_build: '<project>/.cog/build' }`. */
  buildContexts?: Readonly<Record<string, string>>;
  secrets?: readonly BuildSecret[];
  labels?: Readonly<Record<string, string>>;
  buildArgs?: Readonly<Record<string, string>>;
  noCache?: boolean;
  /** File the image ID is written to. */
  iidFile?: string;
}

export const DEFAULT_PLATFORM = 'linux/amd64';

export interface BuildxArgsOptions {
  /**
   * Replaces the renderer: `rawjson` when our terminal view draws the progress; `plain` for
   * `--progress quiet`, whose log we read (for the failing step's output) but do not print.
   */
  progress?: 'rawjson' | 'plain';
}

export function buildxArgs(request: BuildRequest, options: BuildxArgsOptions = {}): string[] {
  const args = [
    'buildx',
    'build',
    '--platform',
    request.platform ?? DEFAULT_PLATFORM,
    '-f',
    request.dockerfile,
  ];
  for (const [name, dir] of sortedEntries(request.buildContexts))
    args.push('--build-context', `${name}=${dir}`);
  for (const secret of request.secrets ?? []) args.push('--secret', secretArg(secret));
  for (const [key, value] of sortedEntries(request.buildArgs))
    args.push('--build-arg', `${key}=${value}`);
  if (request.noCache === true) args.push('--no-cache');
  for (const [key, value] of sortedEntries(request.labels)) args.push('--label', `${key}=${value}`);
  if (request.iidFile !== undefined) args.push('--iidfile', request.iidFile);
  args.push('--progress', options.progress ?? request.progress);
  args.push('--load', '-t', request.tag, request.contextDir);
  return args;
}

/** Sorted so the argv (and the logs showing it) are deterministic. */
function sortedEntries(
  record: Readonly<Record<string, string>> | undefined,
): Array<[string, string]> {
  return Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

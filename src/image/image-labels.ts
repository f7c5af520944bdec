// The labels of a built image (build.md §6.6): exact names, computed by a pure function, plus
// the git facts read at the edge (`$GITHUB_SHA`/`$GITHUB_REF_NAME` first, then git with a 3 s
// timeout; anything unavailable is simply left out).

export const LABEL_VERSION = 'run.cog.version';
export const LABEL_CONFIG = 'run.cog.config';
export const LABEL_OPENAPI_SCHEMA = 'run.cog.openapi_schema';
export const LABEL_PIP_FREEZE = 'run.cog.pip_freeze';
export const LABEL_HAS_INIT = 'run.cog.has_init';
export const LABEL_COG_BASE_NAME = 'run.cog.cog-base-image-name';
export const LABEL_COG_BASE_LAST_LAYER_SHA = 'run.cog.cog-base-image-last-layer-sha';
export const LABEL_COG_BASE_LAST_LAYER_IDX = 'run.cog.cog-base-image-last-layer-idx';
export const LABEL_REVISION = 'org.opencontainers.image.revision';
export const LABEL_IMAGE_VERSION = 'org.opencontainers.image.version';
/** Read as a fallback when `run.cog.config` is missing (images of old Cog versions). */
export const LABEL_LEGACY_CONFIG = 'org.cogmodel.config';

export interface GitInfo {
  revision?: string;
  version?: string;
}

export interface CogBaseLayer {
  name: string;
  lastLayerSha: string;
  lastLayerIndex: number;
}

export interface LabelInputs {
  cogVersion: string;
  configJson: string;
  schemaJson: string;
  pipFreeze: string;
  git: GitInfo;
  cogBase?: CogBaseLayer;
  /** Extra annotations (e.g. `run.cog.push_id`); they override computed labels of the same name. */
  extra?: Readonly<Record<string, string>>;
}

export function imageLabels(inputs: LabelInputs): Record<string, string> {
  const labels: Record<string, string> = {
    [LABEL_VERSION]: inputs.cogVersion,
    [LABEL_CONFIG]: inputs.configJson,
    [LABEL_OPENAPI_SCHEMA]: inputs.schemaJson,
    [LABEL_PIP_FREEZE]: inputs.pipFreeze,
    [LABEL_HAS_INIT]: 'true',
  };
  if (inputs.cogBase !== undefined) {
    labels[LABEL_COG_BASE_NAME] = inputs.cogBase.name;
    labels[LABEL_COG_BASE_LAST_LAYER_SHA] = inputs.cogBase.lastLayerSha;
    labels[LABEL_COG_BASE_LAST_LAYER_IDX] = String(inputs.cogBase.lastLayerIndex);
  }
  if (inputs.git.revision) labels[LABEL_REVISION] = inputs.git.revision;
  if (inputs.git.version) labels[LABEL_IMAGE_VERSION] = inputs.git.version;
  return { ...labels, ...(inputs.extra ?? {}) };
}

/** Git revision and version for the project, from CI variables or git itself. */
export async function readGitInfo(
  projectDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<GitInfo> {
  const [revision, version] = await Promise.all([
    env.GITHUB_SHA ? Promise.resolve(env.GITHUB_SHA) : git(projectDir, ['rev-parse', 'HEAD']),
    env.GITHUB_REF_NAME
      ? Promise.resolve(env.GITHUB_REF_NAME)
      : git(projectDir, ['describe', '--tags', '--dirty']),
  ]);
  const info: GitInfo = {};
  if (revision) info.revision = revision;
  if (version) info.version = version;
  return info;
}

async function git(cwd: string, args: string[]): Promise<string | undefined> {
  const { execa } = await import('execa');
  const result = await execa('git', args, { cwd, reject: false, timeout: 3_000, stdin: 'ignore' });
  return result.exitCode === 0 ? String(result.stdout).trim() || undefined : undefined;
}

// The model reference (cli.md §11.3, `pkg/model/resolve.go`): where a model bundle and its
// managed weights live. `COG_MODEL` is a whole reference; otherwise cog.yaml `model:` (a bare
// repository, registry optional) with `COG_MODEL_REGISTRY` / `COG_MODEL_REPO` / `COG_MODEL_TAG`
// overriding its pieces. No repository anywhere → no model ref (the legacy image format).
// Pure: the environment, the default registry and the clock are parameters.
import { CogError } from '../cog-error.ts';
import { parseRepositoryReference } from './repository-reference.ts';

export interface ModelRef {
  registry: string;
  /** The path in the registry, e.g. `acme/my-model`. */
  repository: string;
  tag: string;
  /** Only from a digest-pinned `COG_MODEL`. */
  digest?: string;
}

const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;

/** Names of the variables, for the "cannot be combined" hint. */
const ENV_NAMES = 'COG_MODEL, COG_MODEL_REGISTRY, COG_MODEL_REPO, COG_MODEL_TAG';

function refError(message: string, hint?: string): CogError {
  return new CogError('MODEL_REF', message, hint === undefined ? {} : { hint });
}

/** `YYYYMMDDTHHMMSSZ` in UTC, the original's default tag. */
export function timestampTag(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** Registry and path of a reference the way Docker splits it: a first component with `.`/`:`, or `localhost`, is a host. */
function splitRegistry(name: string): { registry: string | undefined; repository: string } {
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  if (slash !== -1 && (/[.:]/.test(first) || first === 'localhost'))
    return { registry: first, repository: name.slice(slash + 1) };
  return { registry: undefined, repository: name };
}

/** A tag from COG_MODEL_TAG, checked as the original checks it. */
function checkTag(tag: string): string {
  if (!TAG.test(tag))
    throw refError(
      `invalid COG_MODEL_TAG "${tag}": must match ${TAG.source} (an OCI tag)`,
      'Tags are letters, digits, "_", "." and "-", at most 128 characters.',
    );
  if (tag.startsWith('cog-'))
    throw refError(
      `invalid COG_MODEL_TAG "${tag}": "cog-" is a reserved prefix — choose a different tag`,
    );
  return tag;
}

export function resolveModelRef(
  config: { model?: string | undefined; image?: string | undefined },
  env: NodeJS.ProcessEnv,
  defaultRegistry: string,
  now: Date = new Date(),
): ModelRef | undefined {
  const full = env.COG_MODEL ?? '';
  const repoOverride = env.COG_MODEL_REPO ?? '';
  const registryOverride = env.COG_MODEL_REGISTRY ?? '';
  const fromEnv = full !== '' || repoOverride !== '';
  if (config.image !== undefined && fromEnv)
    throw refError(
      "'image' in cog.yaml cannot be combined with COG_MODEL* env vars\n  remove 'image' from cog.yaml (use 'model' instead), or\n  unset " +
        ENV_NAMES,
    );

  if (full !== '') {
    const parsed = parseRepositoryReference(full);
    if (!parsed.ok) throw refError(`invalid COG_MODEL value: ${parsed.error}`);
    // parseRepositoryReference puts Docker Hub in front of a host-less name; a host-less
    // COG_MODEL means the default registry here, as a host-less `model:` does.
    const hostGiven = splitRegistry(full).registry !== undefined;
    const { registry, repository } = splitRegistry(parsed.name);
    return {
      registry: hostGiven && registry !== undefined ? registry : defaultRegistry,
      repository: hostGiven ? repository : parsed.name.replace(/^docker\.io\//, ''),
      tag: parsed.tag ?? timestampTag(now),
      ...(parsed.digest === undefined ? {} : { digest: parsed.digest }),
    };
  }

  if (registryOverride !== '' && /[/@]/.test(registryOverride))
    throw refError(
      `invalid COG_MODEL_REGISTRY "${registryOverride}": must be a bare host (no path, tag, or digest)`,
    );
  if (repoOverride !== '' && /[:@]/.test(repoOverride))
    throw refError(
      `invalid COG_MODEL_REPO "${repoOverride}": must be a bare repository path (no host, tag, or digest)`,
    );
  const base = config.model === undefined ? undefined : splitRegistry(config.model);
  const repository = repoOverride !== '' ? repoOverride : base?.repository;
  if (repository === undefined || repository === '') return undefined;
  const registry = registryOverride !== '' ? registryOverride : (base?.registry ?? defaultRegistry);
  const name = `${registry}/${repository}`;
  const parsed = parseRepositoryReference(name);
  if (!parsed.ok || parsed.tag !== undefined || parsed.digest !== undefined)
    throw refError(
      `invalid model reference "${name}": ${parsed.ok ? 'must be a bare repository' : parsed.error}`,
    );
  const tag = env.COG_MODEL_TAG ? checkTag(env.COG_MODEL_TAG) : timestampTag(now);
  return { registry, repository, tag };
}

/** `registry/repository:tag` (or `@digest` when pinned). */
export function formatModelRef(ref: ModelRef): string {
  return `${ref.registry}/${ref.repository}${ref.digest === undefined ? `:${ref.tag}` : `@${ref.digest}`}`;
}

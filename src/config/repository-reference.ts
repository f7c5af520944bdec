// Parses a Docker image reference the way the distribution/reference library (used by the
// original) does, far enough to tell a bare repository from one with a tag or digest and to
// produce that library's error texts for malformed names. Used for `model:`.
const alnum = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alnum}(?:${separator}${alnum})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const host = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const name = `(?:${domainAndPort}/)?${pathComponent}(?:/${pathComponent})*`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);
const HEX64 = /^[a-f0-9]{64}$/;
const NAME_TOTAL_LENGTH_MAX = 255;

export type RepositoryReference =
  { ok: true; name: string; tag?: string; digest?: string } | { ok: false; error: string };

/** Docker Hub shorthand: the first component is a registry only if it looks like a host. */
function splitDomain(ref: string): { domain: string; remainder: string } {
  const slash = ref.indexOf('/');
  const first = slash === -1 ? '' : ref.slice(0, slash);
  if (
    slash === -1 ||
    (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)
  ) {
    return { domain: 'docker.io', remainder: ref };
  }
  return { domain: first, remainder: ref.slice(slash + 1) };
}

export function parseRepositoryReference(ref: string): RepositoryReference {
  if (HEX64.test(ref))
    return {
      ok: false,
      error: `invalid repository name (${ref}), cannot specify 64-byte hexadecimal strings`,
    };
  const { domain, remainder } = splitDomain(ref);
  const colon = remainder.indexOf(':');
  const remote = colon === -1 ? remainder : remainder.slice(0, colon);
  if (remote.toLowerCase() !== remote) {
    return {
      ok: false,
      error: `invalid reference format: repository name (${remote}) must be lowercase`,
    };
  }
  const full = `${domain}/${remainder}`;
  const match = REFERENCE.exec(full);
  if (match === null) {
    if (ref === '') return { ok: false, error: 'repository name must have at least one component' };
    return { ok: false, error: 'invalid reference format' };
  }
  const parsedName = match[1] ?? '';
  if (parsedName.length > NAME_TOTAL_LENGTH_MAX) {
    return {
      ok: false,
      error: `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`,
    };
  }
  const result: RepositoryReference = { ok: true, name: parsedName };
  if (match[2] !== undefined) result.tag = match[2];
  if (match[3] !== undefined) result.digest = match[3];
  return result;
}

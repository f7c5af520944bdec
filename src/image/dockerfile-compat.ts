// Adapting a generated Dockerfile to an older BuildKit (Docker Engine 20.10 ships BuildKit 0.8,
// whose built-in Dockerfile frontend cannot pull a newer one offline). Two gaps matter:
// * no named build contexts (`--build-context cog_build=…`): the staging dir is built into a
//   small image first and declared as a stage `FROM <image> AS cog_build`, so every
//   `COPY --from=cog_build …` line works unchanged;
// * no `COPY --link`: the flag only changes layer reuse, so it is dropped.
// Pure text transforms, table-tested.

/** Inserts `FROM <image> AS <stage>` right before the first FROM (global ARGs stay global). */
export function injectStage(dockerfile: string, stage: string, image: string): string {
  const lines = dockerfile.split('\n');
  const first = lines.findIndex((line) => /^\s*FROM\s/i.test(line));
  const stageLine = `FROM ${image} AS ${stage}`;
  if (first < 0) return [stageLine, ...lines].join('\n');
  return [...lines.slice(0, first), stageLine, ...lines.slice(first)].join('\n');
}

/** Removes `--link` (and `--link=true|false`) from COPY/ADD instructions. */
export function stripCopyLink(dockerfile: string): string {
  return dockerfile
    .split('\n')
    .map((line) =>
      /^\s*(COPY|ADD)\s/i.test(line)
        ? line.replace(/\s--link(?:=(?:true|false))?(?=\s)/g, '')
        : line,
    )
    .join('\n');
}

/**
 * For the classic (non-BuildKit) builder: drops `--mount=type=cache,…` from RUN lines (caches
 * only speed builds up). Secret mounts cannot be dropped; the caller refuses those.
 */
export function stripCacheMounts(dockerfile: string): string {
  return dockerfile
    .split('\n')
    .map((line) => (/^\s*RUN\s/i.test(line) ? line.replace(/\s--mount=type=cache\S*/g, '') : line))
    .join('\n');
}

/** True when a RUN line mounts a secret (not possible without BuildKit). */
export function usesSecretMounts(dockerfile: string): boolean {
  return /^\s*RUN\s.*--mount=type=secret/im.test(dockerfile);
}

/** The Dockerfile of the staging image: everything in the context at the image root. */
export const STAGING_IMAGE_DOCKERFILE = 'FROM scratch\nCOPY . /\n';

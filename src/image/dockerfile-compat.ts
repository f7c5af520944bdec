// Adapting a generated Dockerfile to an older BuildKit (Docker Engine 20.10 ships BuildKit 0.8,
// whose built-in Dockerfile frontend cannot pull a newer one offline). Two gaps matter:
// * no named build contexts (`--build-context cog_build=…`): the staging dir is built into a
//   small image first and declared as a stage `FROM <image> AS cog_build`, so every
//   `COPY --from=cog_build …` line works unchanged;
// * no `COPY --link`: the flag only changes layer reuse, so it is dropped.
// The classic builder (no BuildKit) also lacks RUN mounts: cache mounts are dropped, bind
// mounts become copies.
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

/**
 * For the classic builder: a RUN's bind mount from another image or stage
 * (`--mount=from=X,source=S,target=T`: uv, the SDK wheel) becomes `COPY --from=X S T` before the
 * first RUN that needs it, so the files land in the image instead of only being mounted.
 * Mounts of other forms are left alone (the builder then reports them).
 */
export function bindMountsToCopies(dockerfile: string): string {
  const copied = new Set<string>();
  const out: string[] = [];
  for (const line of dockerfile.split('\n')) {
    if (!/^\s*RUN\s/i.test(line)) {
      // A new stage starts without the files of the previous one.
      if (/^\s*FROM\s/i.test(line)) copied.clear();
      out.push(line);
      continue;
    }
    // Only the flags between RUN and the command: a command may mention such text itself.
    const [, keyword = '', flags = '', command = ''] =
      /^(\s*RUN)((?:\s+--\S+)*)(.*)$/is.exec(line) ?? [];
    const bind = /\s--mount=from=([^,\s]+),source=([^,\s]+),target=([^,\s]+)(?=\s|$)/g;
    for (const [, from, source, target] of flags.matchAll(bind)) {
      const copy = `COPY --from=${from} ${source} ${target}`;
      if (!copied.has(copy)) out.push(copy);
      copied.add(copy);
    }
    out.push(keyword + flags.replace(bind, '') + command);
  }
  return out.join('\n');
}

/** True when a RUN line mounts a secret (not possible without BuildKit). */
export function usesSecretMounts(dockerfile: string): boolean {
  return /^\s*RUN\s.*--mount=type=secret/im.test(dockerfile);
}

/** The Dockerfile of the staging image: everything in the context at the image root. */
export const STAGING_IMAGE_DOCKERFILE = 'FROM scratch\nCOPY . /\n';

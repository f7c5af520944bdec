// A build never touches the user's tag until the image is complete (schema extracted, labels
// applied): everything is built under a provisional name, and only the last step points the
// user's tag at the result. A build that fails at any step leaves the previous image — the
// last good one — under the user's tag, and no half-labelled image behind.
import { randomBytes } from 'node:crypto';
import type { CleanupStack } from './cleanup-stack.ts';
import { dockerCall, type DockerClient } from './docker-client.ts';

/** A fresh, unique local name for one build: `cog-provisional-<hex>:build`. */
export function provisionalImageName(
  random: () => string = () => randomBytes(8).toString('hex'),
): string {
  return `cog-provisional-${random()}:build`;
}

/** `registry:5000/me/model:v1` → repo `registry:5000/me/model`, tag `v1`; no tag → `latest`. */
export function splitImageName(name: string): { repo: string; tag: string } {
  const lastSlash = name.lastIndexOf('/');
  const lastColon = name.lastIndexOf(':');
  if (lastColon > lastSlash)
    return { repo: name.slice(0, lastColon), tag: name.slice(lastColon + 1) };
  return { repo: name, tag: 'latest' };
}

/**
 * Registers the removal of the provisional name on every exit path: after a success it only
 * drops the extra tag (the image lives on under the user's name); after a failure it removes
 * the unfinished image itself, since nothing else names it.
 */
export function removeProvisionalOnExit(
  client: DockerClient,
  stack: CleanupStack,
  name: string,
): void {
  stack.defer(async () => {
    await client.api
      .getImage(name)
      .remove({ noprune: false })
      .catch(() => undefined);
  });
}

/** Points `finalName` at the image built as `provisional` (the last step of a build). */
export async function promoteProvisional(
  client: DockerClient,
  provisional: string,
  finalName: string,
): Promise<void> {
  const { repo, tag } = splitImageName(finalName);
  await dockerCall(client, () => client.api.getImage(provisional).tag({ repo, tag }));
}

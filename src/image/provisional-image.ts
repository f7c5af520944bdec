// A build never touches the user's tag until the image is complete (schema extracted, labels
// applied): everything is built under a provisional name, and only the last step points the
// user's tag at the result. A build that fails at any step leaves the previous image — the
// last good one — under the user's tag, and no half-labelled image behind.
//
// The cleanup stack removes the provisional name on every exit path it sees; a CLI killed
// outright (SIGKILL, the OOM killer) sees none. So the name's tag says which CLI process owns
// it (the owner container-owner.ts describes, host, boot and pid namespace as digests), and the
// next build removes provisional names whose owner is certainly gone (orphan-reaper.ts) —
// never one of a build still running, never a name this scheme did not make.
import { createHash, randomBytes } from 'node:crypto';
import type { CleanupStack } from './cleanup-stack.ts';
import {
  isOrphaned,
  OWNER_BOOT_LABEL,
  OWNER_HOST_LABEL,
  OWNER_PID_LABEL,
  OWNER_PID_NS_LABEL,
  OWNER_STARTED_LABEL,
  type ContainerOwner,
  type ProcessProbe,
} from './container-owner.ts';
import { dockerCall, type DockerClient } from './docker-client.ts';

export const PROVISIONAL_REPO_PREFIX = 'cog-provisional-';

/**
 * A fresh, unique local name for one build: `cog-provisional-<hex>:<owner>`, the owner tag as
 * ownerTag() writes it (about 70 characters; a tag may have 128).
 */
export function provisionalImageName(
  owner: ContainerOwner,
  random: () => string = () => randomBytes(8).toString('hex'),
): string {
  return `${PROVISIONAL_REPO_PREFIX}${random()}:${ownerTag(owner)}`;
}

/** Host, boot id and pid namespace are digested: a tag allows only `[A-Za-z0-9_.-]`. */
function digest(value: string): string {
  return value === '' ? '' : createHash('sha256').update(value).digest('hex').slice(0, 12);
}

/** `p<pid>-s<start time>-h<host>-b<boot id>-n<pid namespace>`; unknown fields stay empty. */
export function ownerTag(owner: ContainerOwner): string {
  const started = /^\d+$/.test(owner.started) ? owner.started : '';
  return [
    `p${owner.pid}`,
    `s${started}`,
    `h${digest(owner.host)}`,
    `b${digest(owner.bootId)}`,
    `n${digest(owner.pidNamespace)}`,
  ].join('-');
}

const OWNER_TAG = /^p(\d+)-s(\d*)-h([0-9a-f]*)-b([0-9a-f]*)-n([0-9a-f]*)$/;
const PROVISIONAL_REPO = /^cog-provisional-[0-9a-f]+$/;

/**
 * True only for a provisional name this scheme made whose owning CLI is certainly gone, by the
 * rule containers are reaped by (isOrphaned). Names of a live build, of another host or pid
 * namespace, of the older `:build` form (no owner recorded) and every other name: false.
 */
export function isOrphanedProvisional(
  name: string,
  self: ContainerOwner,
  probe: ProcessProbe,
): boolean {
  const { repo, tag } = splitImageName(name);
  if (!PROVISIONAL_REPO.test(repo)) return false;
  const match = OWNER_TAG.exec(tag);
  if (match === null) return false;
  const [, pid = '', started = '', host = '', bootId = '', pidNamespace = ''] = match;
  const labels = {
    [OWNER_PID_LABEL]: pid,
    [OWNER_STARTED_LABEL]: started,
    [OWNER_HOST_LABEL]: host,
    [OWNER_BOOT_LABEL]: bootId,
    [OWNER_PID_NS_LABEL]: pidNamespace,
  };
  const digested: ContainerOwner = {
    pid: self.pid,
    started: self.started,
    host: digest(self.host),
    bootId: digest(self.bootId),
    pidNamespace: digest(self.pidNamespace),
  };
  return isOrphaned(labels, digested, probe);
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
  stack.defer(() => dropProvisional(client, name));
}

/** Removes the provisional name (and the image, when nothing else names it); never throws. */
export async function dropProvisional(client: DockerClient, name: string): Promise<void> {
  await client.api
    .getImage(name)
    .remove({ noprune: false })
    .catch(() => undefined);
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

// The backstop for the lifeline: before a command creates its first container, remove the
// containers of earlier CLI processes on this host that are certainly gone (container-owner.ts
// decides). That catches what the lifeline cannot: a CLI killed between create and start, an
// image without /bin/sh, a daemon restarted while the CLI was away. Before a build, the same
// for the provisional image names of builds whose CLI died (provisional-image.ts).
import type { DockerClient } from './docker-client.ts';
import {
  currentOwner,
  isOrphaned,
  OWNER_PID_LABEL,
  processProbe,
  type ContainerOwner,
  type ProcessProbe,
} from './container-owner.ts';
import { isOrphanedProvisional, PROVISIONAL_REPO_PREFIX } from './provisional-image.ts';

const reaped = new WeakMap<object, Promise<string[]>>();
const reapedBuilds = new WeakMap<object, Promise<string[]>>();

/** `reap` once per client (per process, in practice); a failure counts as nothing reaped. */
function oncePerClient(
  cache: WeakMap<object, Promise<string[]>>,
  client: DockerClient,
  reap: () => Promise<string[]>,
): Promise<string[]> {
  let run = cache.get(client.api);
  if (run === undefined) {
    run = reap().catch(() => []);
    cache.set(client.api, run);
  }
  return run;
}

/** Runs the reaper once per client (per process, in practice); never throws. */
export function reapOrphansOnce(client: DockerClient): Promise<string[]> {
  return oncePerClient(reaped, client, () => reapOrphanedContainers(client));
}

/**
 * Before a build: the orphaned containers first (a dead build's schema container still uses its
 * image), then the orphaned provisional names. Once per client; never throws.
 */
export function reapOrphanedBuildsOnce(client: DockerClient): Promise<string[]> {
  return oncePerClient(reapedBuilds, client, () =>
    reapOrphansOnce(client).then(() => reapOrphanedProvisionalImages(client)),
  );
}

/** Force-removes every orphaned container; resolves with their ids. */
export async function reapOrphanedContainers(
  client: DockerClient,
  self: ContainerOwner = currentOwner(),
  probe: ProcessProbe = processProbe,
): Promise<string[]> {
  const containers = await client.api.listContainers({
    all: true,
    filters: { label: [OWNER_PID_LABEL] },
  });
  const orphans = containers.filter((c) => isOrphaned(c.Labels, self, probe)).map((c) => c.Id);
  await Promise.all(
    orphans.map((id) =>
      client.api
        .getContainer(id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
  return orphans;
}

/**
 * Removes every orphaned provisional name (the name only: an image the dead build had already
 * given the user's tag keeps it; one nothing else names goes, as the build's own cleanup would
 * have done); resolves with the names removed.
 */
export async function reapOrphanedProvisionalImages(
  client: DockerClient,
  self: ContainerOwner = currentOwner(),
  probe: ProcessProbe = processProbe,
): Promise<string[]> {
  const images = await client.api.listImages({
    filters: { reference: [`${PROVISIONAL_REPO_PREFIX}*`] },
  });
  const orphans = images
    .flatMap((image) => image.RepoTags ?? [])
    .filter((name) => isOrphanedProvisional(name, self, probe));
  const removed = await Promise.all(
    orphans.map((name) =>
      client.api
        .getImage(name)
        .remove({ noprune: false })
        .then(
          () => name,
          () => undefined,
        ),
    ),
  );
  return removed.filter((name) => name !== undefined);
}

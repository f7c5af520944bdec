// The backstop for the lifeline: before a command creates its first container, remove the
// containers of earlier CLI processes on this host that are certainly gone (container-owner.ts
// decides). That catches what the lifeline cannot: a CLI killed between create and start, an
// image without /bin/sh, a daemon restarted while the CLI was away.
import type { DockerClient } from './docker-client.ts';
import {
  currentOwner,
  isOrphaned,
  OWNER_PID_LABEL,
  processProbe,
  type ContainerOwner,
  type ProcessProbe,
} from './container-owner.ts';

const reaped = new WeakMap<object, Promise<string[]>>();

/** Runs the reaper once per client (per process, in practice); never throws. */
export function reapOrphansOnce(client: DockerClient): Promise<string[]> {
  let run = reaped.get(client.api);
  if (run === undefined) {
    run = reapOrphanedContainers(client).catch(() => []);
    reaped.set(client.api, run);
  }
  return run;
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

// The lifeline that makes a CLI-started container die with the CLI (docs/run.md, "When the CLI
// dies"). Right after start, a small shell is exec'd into the container with its stdin on a
// connection only this process holds, and nothing is ever written to it. However the CLI ends
// (SIGKILL, the OOM killer, a closed terminal), the kernel closes that connection, the daemon
// closes the exec's stdin, the shell's `read` sees EOF, and it stops the container: SIGTERM to
// PID 1 (tini passes it on to the server or command), then after a grace period SIGKILL to
// every other process, so tini exits and the engine auto-removes the container. The image is
// untouched: `docker run IMAGE` by a user has no lifeline.
import type { Socket } from 'node:net';
import type Dockerode from 'dockerode';

/** Seconds between the SIGTERM to PID 1 and the SIGKILL to the rest (the stop grace we use too). */
export const LIFELINE_GRACE_SECONDS = 3;

/** POSIX sh only (`read`, `kill` are builtins; `sleep` is in every Debian-based image). */
export function lifelineScript(graceSeconds: number = LIFELINE_GRACE_SECONDS): string {
  return [
    'while read -r _; do :; done',
    'kill -TERM 1 2>/dev/null',
    `sleep ${graceSeconds}`,
    'kill -KILL -1 2>/dev/null',
  ].join('; ');
}

export function lifelineExecOptions(): Dockerode.ExecCreateOptions {
  // `cog-lifeline` is $0, so `ps` inside the container says what the process is.
  return {
    Cmd: ['/bin/sh', '-c', lifelineScript(), 'cog-lifeline'],
    AttachStdin: true,
    AttachStdout: false,
    AttachStderr: false,
    Tty: false,
  };
}

/** A daemon that does not answer the exec start within this long is not waited for. */
export const LIFELINE_ATTACH_TIMEOUT_MS = 5_000;

/**
 * Execs the lifeline into a running container and holds its stdin. Returns the function that
 * lets go (call it only once the container is gone), or undefined when the container has no
 * shell, already stopped, or `giveUp` resolved first: the owner labels and the reaper cover
 * those. The engine never answers an exec start for a container that stopped meanwhile, so
 * the caller passes the container's exit as `giveUp`; a timeout bounds the rest.
 */
export async function attachLifeline(
  container: Dockerode.Container,
  giveUp: Promise<unknown>,
): Promise<(() => void) | undefined> {
  const controller = new AbortController();
  let settled = false;
  // Aborting only while unsettled: an abort after the upgrade could cut the held connection.
  const abort = (): void => {
    if (!settled) controller.abort();
  };
  const timer = setTimeout(abort, LIFELINE_ATTACH_TIMEOUT_MS);
  timer.unref();
  giveUp.then(abort, abort);
  try {
    const exec = await container.exec({ ...lifelineExecOptions(), abortSignal: controller.signal });
    const stream = (await exec.start({
      hijack: true,
      stdin: true,
      abortSignal: controller.signal,
    })) as unknown as Socket;
    settled = true;
    stream.on('error', () => {});
    // Never keeps the CLI alive; if the CLI exits with the container still up, that is the cue.
    stream.unref?.();
    return () => stream.destroy();
  } catch {
    return undefined;
  } finally {
    settled = true;
    clearTimeout(timer);
  }
}

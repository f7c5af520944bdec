// Did the kernel's OOM killer strike inside a container? The engine says so twice: an `oom`
// event the moment any process in the container's memory cgroup is killed, and State.OOMKilled
// on inspect. Our containers are auto-removed, so inspect may already 404 when we ask; the
// event subscription, opened before start, is what survives the removal.
import type Dockerode from 'dockerode';
import { CogError, type CogErrorCode } from '../cog-error.ts';
import type { DockerClient } from './docker-client.ts';

export interface OomWatch {
  /** True when an OOM kill happened in the container (waits up to `lateEventMs` for a late event). */
  killed(lateEventMs?: number): Promise<boolean>;
  stop(): void;
}

/** How long to wait for an `oom` event that trails the container's exit. */
const EVENT_LAG_MS = 500;

export async function watchOom(
  client: DockerClient,
  container: Dockerode.Container,
): Promise<OomWatch> {
  let seen = false;
  let wake: (() => void) | undefined;
  let stream: NodeJS.ReadableStream | undefined;
  try {
    stream = await client.api.getEvents({
      filters: { type: ['container'], container: [container.id], event: ['oom'] },
    });
    stream.on('data', () => {
      seen = true;
      wake?.();
    });
    stream.on('error', () => {});
    (stream as unknown as { socket?: { unref?: () => void } }).socket?.unref?.();
  } catch {
    // No events (an old or proxied daemon): inspect alone decides.
  }
  return {
    async killed(lateEventMs = EVENT_LAG_MS) {
      if (seen || (await inspectSaysOom(container))) return true;
      if (stream === undefined || lateEventMs <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, lateEventMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      return seen;
    },
    stop() {
      (stream as unknown as { destroy?: () => void } | undefined)?.destroy?.();
    },
  };
}

async function inspectSaysOom(container: Dockerode.Container): Promise<boolean> {
  try {
    return (await container.inspect()).State.OOMKilled;
  } catch {
    return false;
  }
}

export const OOM_HINT =
  'Give the container more memory (Docker Desktop: Settings > Resources), or make the model use less.';

/** Errors of a model container that mean memory ran out when the OOM killer struck in it. */
const EXPLAINABLE = new Set<CogErrorCode>([
  'CONTAINER_EXITED',
  'SETUP_FAILED',
  'PREDICTION_FAILED',
]);

/**
 * Names memory as the reason when a setup or prediction failure coincides with an OOM kill in
 * the container: the whole container dying gives only "Container exited unexpectedly", and
 * servers older than ours only say "Worker crashed (signal SIGKILL)". Other errors pass through.
 */
export async function explainOom(
  error: unknown,
  oomKilled: () => Promise<boolean>,
): Promise<unknown> {
  if (!(error instanceof CogError) || !EXPLAINABLE.has(error.code)) return error;
  const said = /out of memory/i.test(error.message);
  if (!said && !(await oomKilled())) return error;
  const message = said
    ? error.message
    : error.code === 'CONTAINER_EXITED'
      ? 'The model container ran out of memory and was killed'
      : `${error.message.split('\n')[0]} (out of memory: the OOM killer ended a process in the container)`;
  return new CogError('CONTAINER_OOM', message, { hint: OOM_HINT, cause: error });
}

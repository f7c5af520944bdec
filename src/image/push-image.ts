// `docker push` through the Engine API (cli.md §11.3, image format): credentials from the
// docker config, progress shown one line per layer state, the daemon's stream errors mapped to
// the original's messages, and the pushed digest returned. With `COG_PUSH_OCI=1` the image goes
// through our OCI client first (oci-image-push.ts), the daemon push being the fallback.
import { CogError } from '../cog-error.ts';
import { dockerCall, type DockerClient } from './docker-client.ts';
import { registryAuth, registryHost } from './registry-auth.ts';

/** `COG_PUSH_OCI` set to 1/true/yes (any case): push through the OCI client (oci-image-push.ts). */
export function ociPushEnabled(env: NodeJS.ProcessEnv): boolean {
  return /^(1|true|yes)$/i.test(env.COG_PUSH_OCI ?? '');
}

interface PushEvent {
  id?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { Digest?: string };
}

/** Splits `repo[:tag]` (a port in the host is not a tag). */
export function splitTag(image: string): { repository: string; tag: string } {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon > slash) return { repository: image.slice(0, colon), tag: image.slice(colon + 1) };
  return { repository: image, tag: 'latest' };
}

/** The original's classification of daemon push errors. */
export function pushErrorMessage(image: string, daemonMessage: string): string {
  if (/tag does not exist|An image does not exist locally with the tag/.test(daemonMessage))
    return `tag not found: "${image}"`;
  if (/NAME_UNKNOWN/.test(daemonMessage)) return `repository not found: "${image}"`;
  if (
    /no basic auth credentials|authorization failed|401 Unauthorized|unauthorized: authentication required/.test(
      daemonMessage,
    )
  ) {
    return 'authorization failed';
  }
  return `error during image push: ${daemonMessage}`;
}

export async function pushImage(
  client: DockerClient,
  image: string,
  options: {
    env: NodeJS.ProcessEnv;
    progress: (line: string) => void;
    /** The OCI push's fallback notice (default: `progress`). */
    warn?: (line: string) => void;
  },
): Promise<string | undefined> {
  const { repository, tag } = splitTag(image);
  if (ociPushEnabled(options.env)) {
    const oci = await import('./oci-image-push.ts');
    try {
      return await oci.pushImageOci(client, { repository, tag }, options);
    } catch (error) {
      if (!oci.fallsBackToDaemon(error)) throw error;
      (options.warn ?? options.progress)(
        `OCI chunked push failed, falling back to Docker push: ${oci.sanitizeError((error as Error).message)}`,
      );
    }
  }
  const auth = await registryAuth(registryHost(repository), options.env);
  const stream = await dockerCall(client, () =>
    client.api.getImage(image).push({ tag, ...(auth === undefined ? {} : { authconfig: auth }) }),
  ).catch((error: Error) => {
    throw new CogError('PUSH_FAILED', `failed to push image: ${error.message}`, { cause: error });
  });
  let digest: string | undefined;
  let failure: string | undefined;
  const seen = new Set<string>();
  await new Promise<void>((resolve, reject) => {
    client.api.modem.followProgress(
      stream,
      (error: Error | null) => (error ? reject(error) : resolve()),
      (event: PushEvent) => {
        if (event.error !== undefined) failure ??= event.errorDetail?.message ?? event.error;
        if (event.aux?.Digest !== undefined) digest = event.aux.Digest;
        if (event.status === undefined || event.status === 'Pushing') return;
        const line = event.id === undefined ? event.status : `${event.id}: ${event.status}`;
        if (!seen.has(line)) {
          seen.add(line);
          options.progress(line);
        }
      },
    );
  }).catch((error: Error) => {
    failure ??= error.message;
  });
  if (failure !== undefined) throw new CogError('PUSH_FAILED', pushErrorMessage(image, failure));
  return digest;
}

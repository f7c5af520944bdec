// The registry half of `cog push` for a model with a model ref (weights.md §12): every weight
// manifest the lock names must already be in the repository (HEAD by digest; `cog push` never
// uploads weights), the image is pushed by the caller at `<repo>:cog-image.<tag>`, and an OCI
// image index over the image and the weights is PUT at `<repo>:<tag>`.
import { CogError } from '../cog-error.ts';
import { openRegistry, type OciClient } from '../image/oci-client.ts';
import type { WeightsLock } from './lock-file.ts';
import { bundleIndex, INDEX_MEDIA_TYPE, MANIFEST_MEDIA_TYPE } from './weight-manifest.ts';
import type { WeightsRepo } from './weights-project.ts';

const IMAGE_MANIFEST_TYPES = [
  MANIFEST_MEDIA_TYPE,
  'application/vnd.docker.distribution.manifest.v2+json',
];

export interface BundleResult {
  index: string;
  image: string;
  weights: Array<{ name: string; digest: string }>;
}

export async function openBundleRegistry(
  repo: WeightsRepo,
  env: NodeJS.ProcessEnv,
): Promise<OciClient> {
  return openRegistry(repo, env);
}

/** Step 1: each weight manifest is in the registry, with the digest the lock names. */
export async function checkBundleWeights(
  client: OciClient,
  repo: WeightsRepo,
  lock: WeightsLock | undefined,
): Promise<Array<{ name: string; digest: string; size: number }>> {
  const found: Array<{ name: string; digest: string; size: number }> = [];
  for (const weight of lock?.weights ?? []) {
    if (weight.digest === '')
      throw new CogError(
        'WEIGHTS_LOCK',
        `weight "${weight.name}": missing manifest digest in lockfile; re-run 'cog weights import'`,
      );
    const ref = `${repo.display}@${weight.digest}`;
    let head;
    try {
      head = await client.headManifest(weight.digest, [MANIFEST_MEDIA_TYPE]);
    } catch (error) {
      throw new CogError(
        'WEIGHT_MISSING',
        `weight "${weight.name}" not found in registry (${ref}); run 'cog weights import' to push weights first: ${(error as Error).message}`,
      );
    }
    if (head.digest !== '' && head.digest !== weight.digest)
      throw new CogError(
        'WEIGHT_MISSING',
        `weight "${weight.name}": registry returned digest ${head.digest} for requested ${weight.digest}`,
      );
    found.push({ name: weight.name, digest: weight.digest, size: head.size });
  }
  return found;
}

/** Steps 3–4: the pushed image's descriptor, then the index at the model tag. */
export async function putBundleIndex(options: {
  client: OciClient;
  lock: WeightsLock | undefined;
  weights: Array<{ name: string; digest: string; size: number }>;
  imageTag: string;
  tag: string;
}): Promise<BundleResult> {
  const image = await options.client
    .headManifest(options.imageTag, IMAGE_MANIFEST_TYPES)
    .catch((error: unknown) => {
      throw new CogError('PUSH_FAILED', `get image descriptor: ${(error as Error).message}`, {
        cause: error,
      });
    });
  const entries = (options.lock?.weights ?? []).map((weight) => ({
    weight,
    manifestSize: options.weights.find((w) => w.name === weight.name)?.size ?? 0,
  }));
  const index = bundleIndex(
    {
      mediaType: image.mediaType.split(';')[0]?.trim() ?? '',
      size: image.size,
      digest: image.digest,
    },
    entries,
  );
  await options.client
    .putManifest(options.tag, INDEX_MEDIA_TYPE, index.bytes)
    .catch((error: unknown) => {
      throw new CogError('PUSH_FAILED', `push OCI index: ${(error as Error).message}`, {
        cause: error,
      });
    });
  return {
    index: index.digest,
    image: image.digest,
    weights: options.weights.map(({ name, digest }) => ({ name, digest })),
  };
}

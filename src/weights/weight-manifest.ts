// The OCI artifacts of a weight (weights.md §6): its config blob, its manifest (whose digest is
// the lock's `digest`), its `cog-weight.<name>.<12 hex>` tag, and the image index of a model
// bundle. Pure: compact JSON in the original's key order, so the same content gives the same
// digests.
import { compare, type LockWeight } from './lock-file.ts';
import { hexOf, sha256Hex } from './weight-digests.ts';

export const MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';
export const INDEX_MEDIA_TYPE = 'application/vnd.oci.image.index.v1+json';
export const WEIGHT_ARTIFACT_TYPE = 'application/vnd.cog.weight.v1';
export const WEIGHT_CONFIG_MEDIA_TYPE = 'application/vnd.cog.weight.config.v1+json';

export interface Blob {
  bytes: Buffer;
  digest: string;
}

function blobOf(text: string): Blob {
  const bytes = Buffer.from(text);
  return { bytes, digest: `sha256:${sha256Hex(bytes)}` };
}

type WeightContent = Pick<LockWeight, 'name' | 'target' | 'setDigest' | 'files' | 'layers'>;

export function weightConfig(weight: WeightContent): Blob {
  return blobOf(
    JSON.stringify({
      name: weight.name,
      target: weight.target,
      setDigest: weight.setDigest,
      files: [...weight.files]
        .sort((a, b) => compare(a.path, b.path))
        .map((f) => ({ path: f.path, layer: f.layer, size: f.size, digest: f.digest })),
    }),
  );
}

export function weightManifest(weight: WeightContent): { config: Blob; manifest: Blob } {
  const config = weightConfig(weight);
  const manifest = blobOf(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MANIFEST_MEDIA_TYPE,
      artifactType: WEIGHT_ARTIFACT_TYPE,
      config: {
        mediaType: WEIGHT_CONFIG_MEDIA_TYPE,
        size: config.bytes.length,
        digest: config.digest,
      },
      layers: [...weight.layers]
        .sort((a, b) => compare(a.digest, b.digest))
        .map((l) => ({
          mediaType: l.mediaType,
          size: l.size,
          digest: l.digest,
          annotations: { 'run.cog.weight.size.uncompressed': String(l.sizeUncompressed) },
        })),
      annotations: {
        'run.cog.weight.name': weight.name,
        'run.cog.weight.set-digest': weight.setDigest,
        'run.cog.weight.target': weight.target,
      },
    }),
  );
  return { config, manifest };
}

/** `cog-weight.<segment>.<12 hex of the set digest>`; `qwen3.6-27b` → `qwen3-6-27b`. */
export function weightTag(name: string, setDigest: string): string {
  const segment =
    name
      .replace(/[^A-Za-z0-9_-]/g, '-')
      .replace(/-+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 104) || 'unnamed';
  return `cog-weight.${segment}.${hexOf(setDigest).slice(0, 12)}`;
}

export interface ImageDescriptor {
  mediaType: string;
  size: number;
  digest: string;
}

/** The bundle index (§6.4): the image, then one descriptor per weight in lock order. */
export function bundleIndex(
  image: ImageDescriptor,
  weights: ReadonlyArray<{ weight: LockWeight; manifestSize: number }>,
): Blob {
  return blobOf(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: INDEX_MEDIA_TYPE,
      manifests: [
        {
          mediaType: image.mediaType,
          size: image.size,
          digest: image.digest,
          platform: { architecture: 'amd64', os: 'linux' },
        },
        ...weights.map(({ weight, manifestSize }) => ({
          mediaType: MANIFEST_MEDIA_TYPE,
          size: manifestSize,
          digest: weight.digest,
          annotations: {
            'run.cog.weight.name': weight.name,
            'run.cog.weight.set-digest': weight.setDigest,
            ...(weight.size > 0 ? { 'run.cog.weight.size.uncompressed': String(weight.size) } : {}),
          },
          platform: { architecture: 'unknown', os: 'unknown' },
          artifactType: WEIGHT_ARTIFACT_TYPE,
        })),
      ],
    }),
  );
}

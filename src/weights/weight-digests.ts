// The content digests of managed weights (weights.md §4, §5.3): the set digest of a file set and
// the envelope format, the digest of the packing parameters stored in weights.lock so a lock
// written with other parameters has its layers recomputed.
import { createHash } from 'node:crypto';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hexOf(digest: string): string {
  return digest.startsWith('sha256:') ? digest.slice('sha256:'.length) : digest;
}

/**
 * `sha256:` of the lines `<file hex>  <path>`, sorted as whole strings (so by file hash, not by
 * path), joined with `\n`, no trailing newline: the original's code, not its draft spec.
 */
export function setDigest(files: ReadonlyArray<{ path: string; digest: string }>): string {
  const lines = files.map((file) => `${hexOf(file.digest)}  ${file.path}`).sort();
  return `sha256:${sha256Hex(lines.join('\n'))}`;
}

export const BUNDLE_FILE_MAX = 64 * 1024 * 1024;
export const BUNDLE_SIZE_MAX = 256 * 1024 * 1024;
export const MEDIA_TYPE_TAR_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
export const MEDIA_TYPE_TAR = 'application/vnd.oci.image.layer.v1.tar';
export const INCOMPRESSIBLE_EXTENSIONS = [
  '.bin',
  '.gguf',
  '.onnx',
  '.parquet',
  '.pt',
  '.pth',
  '.safetensors',
];

/**
 * Revision 1 is the original's packer (Go's gzip). Node's zlib does not reproduce Go's deflate
 * bytes, so this packer calls itself revision 2: a lock written by the Go CLI then has a
 * different envelope and its gzip layers are recomputed instead of trusted (weights.md §14).
 */
export const ENVELOPE_REVISION = 2;

/** The compact JSON whose digest is `envelopeFormat`, keys in the original's order. */
export function envelopeJson(revision: number): string {
  return JSON.stringify({
    bundleFileMax: BUNDLE_FILE_MAX,
    bundleSizeMax: BUNDLE_SIZE_MAX,
    gzipLevelBundle: 9,
    gzipLevelLarge: -1,
    incompressibleExts: INCOMPRESSIBLE_EXTENSIONS,
    mediaTypeCompressed: MEDIA_TYPE_TAR_GZIP,
    mediaTypeRaw: MEDIA_TYPE_TAR,
    revision,
  });
}

export function envelopeFormat(revision: number = ENVELOPE_REVISION): string {
  return `sha256:${sha256Hex(envelopeJson(revision))}`;
}

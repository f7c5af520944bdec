// The layer plan of a weight (weights.md §4): files under 64 MiB, sorted by path, share gzip
// bundle layers of up to 256 MiB; each larger file is a layer of its own, plain tar when its
// extension says it is already compressed. Pure: sizes and paths in, layer groups out.
import path from 'node:path';
import { compare } from './lock-file.ts';
import {
  BUNDLE_FILE_MAX,
  BUNDLE_SIZE_MAX,
  INCOMPRESSIBLE_EXTENSIONS,
  MEDIA_TYPE_TAR,
  MEDIA_TYPE_TAR_GZIP,
} from './weight-digests.ts';

export interface PlannedFile {
  path: string;
  size: number;
}

export interface PlannedLayer<F extends PlannedFile = PlannedFile> {
  mediaType: string;
  /** Gzip level: 9 for a layer of several files, zlib's default otherwise; none for plain tar. */
  gzipLevel: number | undefined;
  files: F[];
}

export function planLayers<F extends PlannedFile>(files: readonly F[]): PlannedLayer<F>[] {
  const sorted = [...files].sort((a, b) => compare(a.path, b.path));
  const bundles: F[][] = [];
  let current: F[] = [];
  let total = 0;
  const large: PlannedLayer<F>[] = [];
  for (const file of sorted) {
    if (file.size >= BUNDLE_FILE_MAX) {
      const raw = INCOMPRESSIBLE_EXTENSIONS.includes(path.extname(file.path).toLowerCase());
      large.push({
        mediaType: raw ? MEDIA_TYPE_TAR : MEDIA_TYPE_TAR_GZIP,
        gzipLevel: raw ? undefined : -1,
        files: [file],
      });
      continue;
    }
    if (current.length > 0 && total + file.size > BUNDLE_SIZE_MAX) {
      bundles.push(current);
      current = [];
      total = 0;
    }
    current.push(file);
    total += file.size;
  }
  if (current.length > 0) bundles.push(current);
  return [
    ...bundles.map((group) => ({
      mediaType: MEDIA_TYPE_TAR_GZIP,
      gzipLevel: group.length > 1 ? 9 : -1,
      files: group,
    })),
    ...large,
  ];
}

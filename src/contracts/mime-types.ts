// File extension ⇄ MIME type, one table for both sides of the wire: the CLI names `-i x=@file`
// data URLs and written outputs by it (cli.md §5.1, §7.4), the runtime types output files and
// names downloaded data-URI inputs (runtime.md §4.2–§4.3). Extension-based like the original's
// Rust and Python runtimes, and a fixed table instead of the OS one, so results match on every
// host; `application/octet-stream` otherwise.
import path from 'node:path';

// [extension, MIME type]: an extension's type is its first row, a type's extension its first
// row, so a later row only adds an alias (`image/x-icon` is read back as `.ico`).
const TABLE: ReadonlyArray<readonly [string, string]> = [
  ['.png', 'image/png'],
  ['.jpg', 'image/jpeg'],
  ['.jpeg', 'image/jpeg'],
  ['.gif', 'image/gif'],
  ['.webp', 'image/webp'],
  ['.bmp', 'image/bmp'],
  ['.tif', 'image/tiff'],
  ['.tiff', 'image/tiff'],
  ['.svg', 'image/svg+xml'],
  ['.ico', 'image/vnd.microsoft.icon'],
  ['.ico', 'image/x-icon'],
  ['.avif', 'image/avif'],
  ['.heic', 'image/heic'],
  ['.mp3', 'audio/mpeg'],
  ['.wav', 'audio/wav'],
  ['.ogg', 'audio/ogg'],
  ['.flac', 'audio/flac'],
  ['.m4a', 'audio/mp4'],
  ['.aac', 'audio/aac'],
  ['.mp4', 'video/mp4'],
  ['.webm', 'video/webm'],
  ['.mov', 'video/quicktime'],
  ['.avi', 'video/x-msvideo'],
  ['.mkv', 'video/x-matroska'],
  ['.txt', 'text/plain'],
  ['.csv', 'text/csv'],
  ['.html', 'text/html'],
  ['.htm', 'text/html'],
  ['.css', 'text/css'],
  ['.md', 'text/markdown'],
  ['.json', 'application/json'],
  ['.jsonl', 'application/jsonl'],
  ['.xml', 'application/xml'],
  ['.yaml', 'application/yaml'],
  ['.yml', 'application/yaml'],
  ['.pdf', 'application/pdf'],
  ['.zip', 'application/zip'],
  ['.tar', 'application/x-tar'],
  ['.gz', 'application/gzip'],
  ['.glb', 'model/gltf-binary'],
  ['.gltf', 'model/gltf+json'],
  ['.obj', 'model/obj'],
  ['.npy', 'application/octet-stream'],
  ['.safetensors', 'application/octet-stream'],
  ['.ply', 'application/octet-stream'],
];

export const DEFAULT_MIME = 'application/octet-stream';

/** MIME type for a file name by its extension, `application/octet-stream` when unknown. */
export function mimeTypeOf(fileName: string): string {
  const extension = path.extname(fileName).toLowerCase();
  return TABLE.find(([e]) => e === extension)?.[1] ?? DEFAULT_MIME;
}

/**
 * Extension (with dot) for a MIME type, `''` when unknown or `application/octet-stream` (which
 * says nothing about the content). Parameters (`;charset=…`) and case are ignored.
 */
export function extensionOf(mimeType: string): string {
  const bare = (mimeType.split(';')[0] ?? '').trim().toLowerCase();
  if (bare === '' || bare === DEFAULT_MIME) return '';
  return TABLE.find(([, m]) => m === bare)?.[0] ?? '';
}

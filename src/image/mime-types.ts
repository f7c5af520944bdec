// File extension ⇄ MIME type, for `-i x=@file` data URLs and for naming written outputs
// (cli.md §5.1, §7.4). A fixed table instead of the OS one, so results match on every host.

const TABLE: ReadonlyArray<readonly [string, string]> = [
  ['.png', 'image/png'],
  ['.jpg', 'image/jpeg'],
  ['.jpeg', 'image/jpeg'],
  ['.gif', 'image/gif'],
  ['.webp', 'image/webp'],
  ['.svg', 'image/svg+xml'],
  ['.bmp', 'image/bmp'],
  ['.tif', 'image/tiff'],
  ['.tiff', 'image/tiff'],
  ['.avif', 'image/avif'],
  ['.heic', 'image/heic'],
  ['.ico', 'image/x-icon'],
  ['.mp4', 'video/mp4'],
  ['.webm', 'video/webm'],
  ['.mov', 'video/quicktime'],
  ['.avi', 'video/x-msvideo'],
  ['.mkv', 'video/x-matroska'],
  ['.mp3', 'audio/mpeg'],
  ['.wav', 'audio/wav'],
  ['.ogg', 'audio/ogg'],
  ['.flac', 'audio/flac'],
  ['.aac', 'audio/aac'],
  ['.m4a', 'audio/mp4'],
  ['.txt', 'text/plain'],
  ['.csv', 'text/csv'],
  ['.html', 'text/html'],
  ['.css', 'text/css'],
  ['.md', 'text/markdown'],
  ['.json', 'application/json'],
  ['.jsonl', 'application/jsonl'],
  ['.xml', 'application/xml'],
  ['.yaml', 'application/yaml'],
  ['.pdf', 'application/pdf'],
  ['.zip', 'application/zip'],
  ['.gz', 'application/gzip'],
  ['.tar', 'application/x-tar'],
  ['.npy', 'application/octet-stream'],
  ['.safetensors', 'application/octet-stream'],
];

const DEFAULT_MIME = 'application/octet-stream';

/** MIME type for a file name, `application/octet-stream` when unknown. */
export function mimeTypeForPath(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return DEFAULT_MIME;
  const ext = fileName.slice(dot).toLowerCase();
  return TABLE.find(([e]) => e === ext)?.[1] ?? DEFAULT_MIME;
}

/** Extension (with dot) for a MIME type, `''` when unknown. Parameters (`;charset=…`) are ignored. */
export function extensionForMimeType(mimeType: string): string {
  const bare = (mimeType.split(';')[0] ?? '').trim().toLowerCase();
  if (bare === '' || bare === DEFAULT_MIME) return '';
  return TABLE.find(([, m]) => m === bare)?.[0] ?? '';
}

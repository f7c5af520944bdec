// Writes a weight layer (weights.md §4): a PAX tar of the layer's files, gzipped when the plan
// says so, streamed from disk to a blob file while its digest and size are computed, so a
// multi-GB file never sits in memory. Entries as the original's packer writes them: parent
// directories first (sorted, `dir/`, 0755), then the files in plan order (0644), owner 0:0,
// every time the Unix epoch, a PAX header (atime=0, ctime=0, long paths) before each entry.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { PlannedLayer } from './pack-plan.ts';

export interface LayerSourceFile {
  path: string;
  size: number;
  /** Where the bytes are read from. */
  file: string;
}

export interface WrittenLayer {
  digest: string;
  size: number;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

/** `"%d key=value\n"`, where the length counts its own digits. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length++;
  return `${length}${body}`;
}

export function tarHeader(entry: {
  name: string;
  size: number;
  mode: number;
  type: '0' | '5' | 'x';
}): Buffer {
  const header = Buffer.alloc(BLOCK);
  const name = Buffer.from(entry.name);
  name.copy(header, 0, 0, Math.min(name.length, 100));
  header.write(octal(entry.mode, 8), 100, 'ascii');
  header.write(octal(0, 8), 108, 'ascii');
  header.write(octal(0, 8), 116, 'ascii');
  header.write(octal(entry.size, 12), 124, 'ascii');
  header.write(octal(0, 12), 136, 'ascii');
  header.write('        ', 148, 'ascii');
  header.write(entry.type, 156, 'ascii');
  header.write('ustar\0', 257, 'ascii');
  header.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return header;
}

function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest);
}

function paxHeaderFor(name: string): Buffer[] {
  const trimmed = name.replace(/\/$/, '');
  const slash = trimmed.lastIndexOf('/');
  const paxName =
    slash === -1
      ? `PaxHeaders.0/${trimmed}`
      : `${trimmed.slice(0, slash)}/PaxHeaders.0/${trimmed.slice(slash + 1)}`;
  let records = paxRecord('atime', '0') + paxRecord('ctime', '0');
  if (Buffer.byteLength(name) > 100) records += paxRecord('path', name);
  const body = Buffer.from(records);
  return [
    tarHeader({ name: paxName, size: body.length, mode: 0o644, type: 'x' }),
    body,
    padding(body.length),
  ];
}

export function parentDirectories(paths: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const p of paths) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(`${parts.slice(0, i).join('/')}/`);
  }
  return [...dirs].sort();
}

async function* tarEntries(files: readonly LayerSourceFile[]): AsyncGenerator<Buffer> {
  for (const dir of parentDirectories(files.map((f) => f.path))) {
    yield* paxHeaderFor(dir);
    yield tarHeader({ name: dir, size: 0, mode: 0o755, type: '5' });
  }
  for (const file of files) {
    yield* paxHeaderFor(file.path);
    yield tarHeader({ name: file.path, size: file.size, mode: 0o644, type: '0' });
    let read = 0;
    for await (const chunk of createReadStream(file.file, { highWaterMark: 1024 * 1024 })) {
      read += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
    if (read !== file.size)
      throw new Error(`${file.path} changed while packing (${read} bytes, expected ${file.size})`);
    yield padding(file.size);
  }
  yield Buffer.alloc(BLOCK * 2);
}

/** Streams the layer into `out`; resolves with the blob's digest and byte size. */
export async function writeLayer(
  layer: PlannedLayer<LayerSourceFile>,
  out: string,
): Promise<WrittenLayer> {
  const hash = createHash('sha256');
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  const source = Readable.from(tarEntries(layer.files), { objectMode: false });
  if (layer.gzipLevel === undefined) await pipeline(source, measure, createWriteStream(out));
  else
    await pipeline(source, createGzip({ level: layer.gzipLevel }), measure, createWriteStream(out));
  return { digest: `sha256:${hash.digest('hex')}`, size };
}

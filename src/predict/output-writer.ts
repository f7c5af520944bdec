// What `cog run`/`cog train` do with a prediction's output (cli.md §7): where files go, how a
// data URL becomes a file with the right extension, and how everything else is printed (Go's
// JSON style: sorted keys, 2-space indent, `<>&` escaped, so scripts see the original's bytes).
import { createWriteStream } from 'node:fs';
import { access, constants, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CogError } from '../cog-error.ts';
import { extensionOf } from '../contracts/mime-types.ts';

export interface OutputPath {
  /** Where output goes (relative to the current directory unless absolute). */
  path: string;
  /** True when the user chose it with `-o` (else it is the `output`/`output.json` fallback). */
  explicit: boolean;
}

/** Resolves `-o` (a leading `@` is stripped, `~` expanded) or the fallback, checking writability early. */
export async function resolveOutputPath(
  flag: string | undefined,
  options: { json: boolean; cwd: string },
): Promise<OutputPath> {
  const fallback = options.json ? 'output.json' : 'output';
  if (flag === undefined || flag === '')
    return { path: path.resolve(options.cwd, fallback), explicit: false };
  let target = flag.startsWith('@') ? flag.slice(1) : flag;
  if (target === '~' || target.startsWith('~/')) target = path.join(os.homedir(), target.slice(1));
  target = path.resolve(options.cwd, target);
  const info = await stat(target).catch(() => undefined);
  if (info?.isDirectory() === true) return { path: path.join(target, fallback), explicit: true };
  if (info !== undefined) {
    await access(target, constants.W_OK).catch(() => {
      throw notWritable(`Output file is not writable: ${target}`);
    });
    return { path: target, explicit: true };
  }
  const dir = path.dirname(target);
  await access(dir, constants.W_OK).catch(() => {
    throw notWritable(`Output directory is not writable: ${dir}`);
  });
  return { path: target, explicit: true };
}

function notWritable(reason: string): CogError {
  return new CogError('OUTPUT_NOT_WRITABLE', `Output path is not writable: ${reason}`, {
    hint: 'Choose another path with -o/--output.',
  });
}

export interface DecodedDataUrl {
  mimeType: string;
  bytes: Buffer;
}

/** Decodes `data:<mime>[;base64],<payload>`, with the original's fallbacks. */
export function decodeDataUrl(url: string): DecodedDataUrl {
  const normalised = url.replace(/^data:None;/, 'data:;');
  const comma = normalised.indexOf(',');
  if (comma < 0) throw new CogError('OUTPUT_DECODE', 'Failed to split data URL into 2 parts');
  const header = normalised.slice(0, comma);
  const payload = normalised.slice(comma + 1);
  const match = /^data:([^;,]*)((?:;[^;,]*)*)$/.exec(header);
  const mimeType = match?.[1] === undefined || match[1] === '' ? 'text/plain' : match[1];
  const isBase64 = match === null || (match[2] ?? '').split(';').includes('base64');
  if (isBase64) {
    if (!/^[A-Za-z0-9+/=\s_-]*$/.test(payload))
      throw new CogError('OUTPUT_DECODE', 'Failed to decode data URL: illegal base64 data');
    return { mimeType, bytes: Buffer.from(payload, 'base64') };
  }
  return { mimeType, bytes: Buffer.from(decodeURIComponent(payload), 'utf8') };
}

/** Destination name: keep a real extension; add the MIME type's when there is none or it is a number (`.0`). */
export function fileNameFor(dest: string, mimeType: string): string {
  return needsExtension(dest) ? dest + extensionOf(mimeType) : dest;
}

function needsExtension(dest: string): boolean {
  const ext = path.extname(dest);
  return ext === '' || /^\.\d+$/.test(ext);
}

/** Writes a data URL to `dest` (+ extension); returns the path written. */
export async function writeDataUrl(url: string, dest: string): Promise<string> {
  const { mimeType, bytes } = decodeDataUrl(url);
  const file = await writableTarget(fileNameFor(dest, mimeType));
  await writeFile(file, bytes);
  return file;
}

/**
 * A file output: a data URL, or an http(s) URL, which is downloaded to `dest` (+ extension):
 * a ColonyOS executor uploads files above its inline limit (docs/colonies.md). A failed
 * download leaves no partial file; the error names the URL without its query (a signature).
 */
export async function writeOutputFile(url: string, dest: string): Promise<string> {
  if (!/^https?:\/\//i.test(url)) return writeDataUrl(url, dest);
  const shown = withoutQuery(url);
  const failed = (reason: string) =>
    new CogError('OUTPUT_DOWNLOAD', `Failed to download output ${shown}: ${reason}`);
  const response = await fetch(url).catch((error: Error) => {
    throw failed(error.message);
  });
  if (!response.ok || response.body === null) throw failed(`HTTP ${response.status}`);
  const mimeType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  let name = fileNameFor(dest, mimeType || 'application/octet-stream');
  // A type without an extension of its own (octet-stream): the uploaded file's name has one.
  if (name === dest && needsExtension(dest)) name += path.extname(new URL(url).pathname);
  const file = await writableTarget(name);
  try {
    await pipeline(Readable.fromWeb(response.body), createWriteStream(file));
  } catch (error) {
    await rm(file, { force: true });
    throw failed((error as Error).message);
  }
  return file;
}

function withoutQuery(url: string): string {
  const parsed = new URL(url);
  parsed.search = '';
  parsed.username = '';
  parsed.password = '';
  return parsed.href;
}

async function writableTarget(file: string): Promise<string> {
  const info = await stat(file).catch(() => undefined);
  if (info?.isDirectory() === true) {
    throw notWritable(
      `Default output name "${path.basename(file)}" conflicts with directory, provide --output`,
    );
  }
  await mkdir(path.dirname(file), { recursive: true });
  return file;
}

/** `output` → `output.3`; `out.png` → `out.3.png` (the extension rule then applies to the result). */
export function indexedPath(dest: string, index: number): string {
  const ext = path.extname(dest);
  const base = ext === '' ? dest : dest.slice(0, -ext.length);
  return `${base}.${index}${ext}`;
}

/** Go `json.MarshalIndent(v, "", "  ")`: object keys sorted, `<`, `>`, `&` escaped. */
export function goJson(value: unknown, indent = '  '): string {
  return escapeHtml(JSON.stringify(sortKeys(value), null, indent));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort())
    out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

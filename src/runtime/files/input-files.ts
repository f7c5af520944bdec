// File inputs (spec §4.1): for every input property declared `format: uri` (or an array of
// those), http(s) URLs are downloaded and data: URIs decoded into a temp directory owned by the
// prediction; the worker receives local paths. Downloads stream to disk (never buffered whole),
// give up after `idleTimeoutMs` without data, and the directory is removed by `cleanup()`.
// `invalidDataUris` is the edge check: malformed data: URIs are refused before a prediction exists.
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { http, https } from '../node-builtins.ts';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkDataUri, dataUriBytes, InvalidDataUriError, parseDataUri } from './data-uri.ts';
import { extensionOf } from '../../contracts/mime-types.ts';

export interface DownloadOptions {
  idleTimeoutMs: number;
  userAgent: string | undefined;
}

export interface PreparedInput {
  input: Record<string, unknown>;
  cleanup(): Promise<void>;
}

type Schema = Record<string, unknown>;

/** Parallel downloads per prediction, as the original's thread pool. */
const MAX_PARALLEL_DOWNLOADS = 8;

export class InputDownloadError extends Error {}

function isUriSchema(schema: Schema | undefined): boolean {
  return schema?.type === 'string' && schema.format === 'uri';
}

function isRemote(value: unknown): value is string {
  return typeof value === 'string' && /^(https?:\/\/|data:)/i.test(value);
}

function isDataUri(value: unknown): value is string {
  return typeof value === 'string' && /^data:/i.test(value);
}

export interface InvalidFileInput {
  /** The input's JSON pointer without the leading `/`: `image`, `images/2`. */
  pointer: string;
  message: string;
}

/** Every data: URI among the file inputs that cannot be decoded, with the reason. */
export function invalidDataUris(
  input: Record<string, unknown>,
  properties: Readonly<Record<string, Schema>>,
): InvalidFileInput[] {
  const problems: InvalidFileInput[] = [];
  const check = (value: unknown, pointer: string) => {
    if (!isDataUri(value)) return;
    try {
      checkDataUri(value);
    } catch (error) {
      if (!(error instanceof InvalidDataUriError)) throw error;
      problems.push({ pointer, message: error.message });
    }
  };
  for (const [name, value] of Object.entries(input)) {
    const schema = properties[name];
    if (isUriSchema(schema)) check(value, name);
    else if (
      schema?.type === 'array' &&
      isUriSchema(schema.items as Schema) &&
      Array.isArray(value)
    )
      value.forEach((item, index) => check(item, `${name}/${index}`));
  }
  return problems;
}

/** Replace remote file inputs by local paths; the caller must call `cleanup()` in every case. */
export async function prepareInputFiles(
  input: Record<string, unknown>,
  properties: Readonly<Record<string, Schema>>,
  options: DownloadOptions,
): Promise<PreparedInput> {
  const jobs: { value: string; assign(local: string): void }[] = [];
  const result: Record<string, unknown> = { ...input };
  for (const [name, value] of Object.entries(input)) {
    const schema = properties[name];
    if (isUriSchema(schema) && isRemote(value)) {
      jobs.push({ value, assign: (local) => (result[name] = local) });
    } else if (
      schema?.type === 'array' &&
      isUriSchema(schema.items as Schema) &&
      Array.isArray(value)
    ) {
      const list = [...value];
      result[name] = list;
      list.forEach((item, index) => {
        if (isRemote(item)) jobs.push({ value: item, assign: (local) => (list[index] = local) });
      });
    }
  }
  if (jobs.length === 0) return { input: result, cleanup: async () => {} };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cog-input-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const index = next++;
      const job = jobs[index] as (typeof jobs)[number];
      const slot = path.join(dir, String(index));
      await mkdir(slot);
      job.assign(await fetchToFile(job.value, slot, options));
    }
  };
  try {
    await Promise.all(
      Array.from({ length: Math.min(MAX_PARALLEL_DOWNLOADS, jobs.length) }, worker),
    );
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { input: result, cleanup };
}

async function fetchToFile(source: string, dir: string, options: DownloadOptions): Promise<string> {
  if (source.toLowerCase().startsWith('data:')) return writeDataUri(source, dir);
  const url = new URL(source);
  const target = path.join(dir, fileNameOf(url));
  await download(url, target, options, 0);
  return target;
}

async function writeDataUri(uri: string, dir: string): Promise<string> {
  try {
    const target = path.join(dir, `file${extensionOf(parseDataUri(uri).mime)}`);
    await pipeline(Readable.from(dataUriBytes(uri)), createWriteStream(target));
    return target;
  } catch (error) {
    if (error instanceof InvalidDataUriError) throw new InputDownloadError(error.message);
    throw error;
  }
}

/** The URL path's basename, unquoted, made safe, at most 200 bytes (extension kept). */
export function fileNameOf(url: URL): string {
  let name = url.pathname.split('/').pop() ?? '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // keep the raw name when it is not valid percent-encoding
  }
  name = name.replace(/[/\0]/g, '_');
  if (name === '' || name === '.' || name === '..') return 'file';
  if (Buffer.byteLength(name) <= 200) return name;
  const extension = path.extname(name).slice(0, 20);
  let stem = name.slice(0, name.length - extension.length);
  while (Buffer.byteLength(stem) > 199 - Buffer.byteLength(extension)) stem = stem.slice(0, -1);
  return `${stem}~${extension}`;
}

function redacted(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** Socket and file errors in the one message shape; our own (timeouts) pass through. */
function asDownloadError(url: URL, error: Error): InputDownloadError {
  return error instanceof InputDownloadError
    ? error
    : new InputDownloadError(`failed to download ${redacted(url)}: ${error.message}`);
}

function download(
  url: URL,
  target: string,
  options: DownloadOptions,
  redirects: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const get = url.protocol === 'https:' ? https().get : http.get;
    const headers: Record<string, string> = options.userAgent
      ? { 'User-Agent': options.userAgent }
      : {};
    const request = get(url, { headers, timeout: options.idleTimeoutMs }, (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location) {
        response.resume();
        if (redirects >= 10)
          return reject(new InputDownloadError(`too many redirects downloading ${redacted(url)}`));
        return download(new URL(location, url), target, options, redirects + 1).then(
          resolve,
          reject,
        );
      }
      if (status < 200 || status >= 300) {
        response.resume();
        return reject(
          new InputDownloadError(`failed to download ${redacted(url)}: HTTP ${status}`),
        );
      }
      response.setTimeout(options.idleTimeoutMs, () =>
        response.destroy(new InputDownloadError(`timed out downloading ${redacted(url)}`)),
      );
      pipeline(response, createWriteStream(target)).then(resolve, (error: Error) =>
        reject(asDownloadError(url, error)),
      );
    });
    request.on('timeout', () =>
      request.destroy(new InputDownloadError(`timed out downloading ${redacted(url)}`)),
    );
    request.on('error', (error) => reject(asDownloadError(url, error)));
  });
}

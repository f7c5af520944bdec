// File outputs (spec §4.2): the worker marks every file in an output as `{"__cog_file__": path}`
// wherever it occurs (lists, dicts, objects). Each becomes a `data:` URI, or, with
// `--upload-url`, is PUT to `<upload-url>/<basename>` and replaced by the resulting URL (the
// `Location` header if present, else the request URL; query string stripped). An upload that
// still fails after retries throws OutputFileError, which fails the prediction. With an
// `inlineLimitBytes` (the ColonyOS executor: its processes carry outputs inline), a file up to
// that size stays a data URI even with an upload URL, and only larger ones are uploaded.
import { createReadStream } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { http, https } from '../node-builtins.ts';
import { mimeTypeOf } from '../../contracts/mime-types.ts';

export interface OutputFileOptions {
  uploadUrl: string | null;
  timeoutMs: number;
  retryDelaysMs: readonly number[];
  /** Files up to this many bytes are inlined even with `uploadUrl`; undefined = upload all. */
  inlineLimitBytes?: number;
  /** Told about a file above `inlineLimitBytes` that is inlined because there is no upload URL. */
  warn?: (message: string) => void;
}

export class OutputFileError extends Error {}

const FILE_MARKER = '__cog_file__';

function fileMarker(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const keys = Object.keys(value);
  const file = (value as Record<string, unknown>)[FILE_MARKER];
  return keys.length === 1 && typeof file === 'string' ? file : null;
}

/** A copy of `value` with every file marker replaced by a URL. */
export async function resolveOutputFiles(
  value: unknown,
  predictionId: string,
  options: OutputFileOptions,
): Promise<unknown> {
  const file = fileMarker(value);
  if (file !== null) return resolveFile(file, predictionId, options);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) out.push(await resolveOutputFiles(item, predictionId, options));
    return out;
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      out[key] = await resolveOutputFiles(item, predictionId, options);
    return out;
  }
  return value;
}

// The SDK copies file-like outputs to `$TMPDIR/cog-output-XXXX/<name>`; those copies are ours to delete.
export function isWorkerTempCopy(file: string, tmpdir = os.tmpdir()): boolean {
  const dir = path.dirname(file);
  return path.dirname(dir) === path.resolve(tmpdir) && path.basename(dir).startsWith('cog-output-');
}

async function resolveFile(
  file: string,
  predictionId: string,
  options: OutputFileOptions,
): Promise<string> {
  try {
    return await encodeOrUpload(file, predictionId, options);
  } finally {
    if (isWorkerTempCopy(file)) await rm(path.dirname(file), { recursive: true, force: true });
  }
}

async function encodeOrUpload(
  file: string,
  predictionId: string,
  options: OutputFileOptions,
): Promise<string> {
  const mime = mimeTypeOf(file);
  const limit = options.inlineLimitBytes;
  if (options.uploadUrl === null && limit === undefined) return inline(file, mime);
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw unreadable(file, error);
  }
  if (limit !== undefined && size <= limit) return inline(file, mime);
  if (options.uploadUrl === null) {
    options.warn?.(
      `output file ${path.basename(file)} is ${size} bytes, above the inline limit of ${limit} bytes; ` +
        'it is sent inline because no upload URL is configured',
    );
    return inline(file, mime);
  }
  return uploadWithRetries(file, { mime, size, url: options.uploadUrl }, predictionId, options);
}

async function inline(file: string, mime: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw unreadable(file, error);
  }
  return `data:${mime};base64,${bytes.toString('base64')}`;
}

function unreadable(file: string, error: unknown): OutputFileError {
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new OutputFileError(`cannot read output file ${file}: ${reason}`);
}

export function uploadTarget(base: string, file: string): URL {
  return new URL(base.replace(/\/+$/, '') + '/' + encodeURIComponent(path.basename(file)));
}

async function uploadWithRetries(
  file: string,
  { mime, size, url }: { mime: string; size: number; url: string },
  predictionId: string,
  options: OutputFileOptions,
): Promise<string> {
  const target = uploadTarget(url, file);
  for (let attempt = 0; ; attempt++) {
    const outcome = await uploadOnce(target, file, {
      mime,
      size,
      predictionId,
      timeoutMs: options.timeoutMs,
    });
    if (outcome.url !== undefined) return outcome.url;
    const delay = options.retryDelaysMs[attempt];
    if (!outcome.retryable || delay === undefined) {
      throw new OutputFileError(
        `failed to upload output file ${path.basename(file)} to ${target.origin}${target.pathname}: ${outcome.reason}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

interface UploadOutcome {
  url?: string;
  reason?: string;
  retryable?: boolean;
}

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

function uploadOnce(
  target: URL,
  file: string,
  meta: { mime: string; size: number; predictionId: string; timeoutMs: number },
): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const send = target.protocol === 'https:' ? https().request : http.request;
    const request = send(target, {
      method: 'PUT',
      timeout: meta.timeoutMs,
      headers: {
        'Content-Type': meta.mime,
        'Content-Length': meta.size,
        'X-Prediction-ID': meta.predictionId,
      },
    });
    request.on('response', (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        resolve({ reason: `HTTP ${status}`, retryable: RETRYABLE_STATUS.has(status) });
        return;
      }
      const location = response.headers.location;
      const url = new URL(location ?? target.href, target);
      url.search = '';
      resolve({ url: url.href });
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', (error) => resolve({ reason: error.message, retryable: true }));
    createReadStream(file)
      .on('error', (error) => request.destroy(error))
      .pipe(request);
  });
}

// Reading and parsing request bodies (spec §1.2): JSON only, at most 100 MiB, an empty body
// means `{}`. Bodies count against the server-wide in-flight budget (body-budget.ts) while they
// are read, and nesting deeper than MAX_JSON_DEPTH is refused before anything parses it. Errors
// are HttpError with the status the original answers (413 too large, 415, 400); the budget and
// depth refusals are ours (503 with Retry-After, 400).
import type { IncomingMessage } from 'node:http';
import type { BodyLease } from './body-budget.ts';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './json-depth.ts';

export const MAX_BODY_BYTES = 100 * 1024 * 1024;

/** Seconds a client refused for lack of body budget is told to wait. */
const BUSY_RETRY_AFTER_SECONDS = 1;

const overlong = { detail: 'Request body is longer than its Content-Length' };

export class HttpError extends Error {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;

  constructor(status: number, body: unknown, headers: Record<string, string> = {}) {
    super(`HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

function isJsonContentType(value: string): boolean {
  const bare = value.split(';')[0]?.trim().toLowerCase() ?? '';
  return bare === 'application/json' || bare.endsWith('+json');
}

export interface ReadBodyOptions {
  lease: BodyLease;
  limit?: number;
}

export async function readJsonBody(
  request: IncomingMessage,
  options: ReadBodyOptions,
): Promise<unknown> {
  const bytes = await readBody(request, options.lease, options.limit ?? MAX_BODY_BYTES);
  if (isBlank(bytes)) return {};
  const contentType = request.headers['content-type'];
  if (contentType !== undefined && !isJsonContentType(contentType)) {
    throw new HttpError(415, { detail: 'Expected request with `Content-Type: application/json`' });
  }
  if (jsonDepthExceeds(bytes, MAX_JSON_DEPTH)) {
    throw new HttpError(400, {
      detail: `Request body nests arrays/objects deeper than ${MAX_JSON_DEPTH} levels`,
    });
  }
  const text = bytes.toString('utf8');
  freeNow(bytes);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, {
      detail: `Failed to parse the request body as JSON: ${(error as Error).message}`,
    });
  }
}

/**
 * The whole body in one buffer, refused early when it cannot fit the limit or the budget. A
 * refused body is drained, not destroyed, so the client still reads the error reply.
 */
function readBody(request: IncomingMessage, lease: BodyLease, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? NaN);
  const max = Math.min(limit, lease.capacity);
  // With a Content-Length the whole body is taken at once and copied into one buffer;
  // without one (chunked), the lease grows chunk by chunk.
  const exact = Number.isInteger(declared) && declared >= 0 && declared <= max;
  return new Promise((resolve, reject) => {
    // Listeners go as soon as the body is read or refused: the request object lives as long as
    // a sync prediction, and a listener's closure would keep the whole body alive with it.
    const detach = () =>
      request.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    const refuse = (error: HttpError): void => {
      detach();
      request.resume();
      whole = null;
      chunks.length = 0;
      reject(error);
    };
    let whole = exact ? Buffer.allocUnsafeSlow(declared) : null; // never pooled: see freeNow
    const chunks: Buffer[] = [];
    let size = 0;
    if (declared > max) return refuse(tooLarge(max));
    if (exact && !lease.growTo(declared)) return refuse(busy(lease));
    function onData(chunk: Buffer): void {
      if (size + chunk.length > max) return refuse(tooLarge(max));
      if (whole !== null) {
        // node:http ends a body at its Content-Length; a longer one would be a parser bug.
        if (size + chunk.length > whole.length) return refuse(new HttpError(400, overlong));
        whole.set(chunk, size);
      } else if (!lease.growTo(size + chunk.length)) return refuse(busy(lease));
      else chunks.push(chunk);
      size += chunk.length;
    }
    function onEnd(): void {
      detach();
      resolve(whole === null ? concatOwned(chunks, size) : whole.subarray(0, size));
      whole = null;
      chunks.length = 0;
    }
    // A client that goes away mid-body: nobody reads the reply, but the lease must end.
    function onError(error?: Error): void {
      detach();
      const reason = error?.message ?? 'the connection closed';
      reject(new HttpError(400, { detail: `Failed to read the request body: ${reason}` }));
    }
    function onClose(): void {
      onError();
    }
    request.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** The chunks in one buffer of its own (never a slice of Node's shared pool): see freeNow. */
function concatOwned(chunks: Buffer[], size: number): Buffer {
  const out = Buffer.allocUnsafeSlow(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * Give a body's memory back at once instead of at the next GC: while the parsed copy and the
 * reply are built, the raw bytes would otherwise still count (a fifth of a large request's
 * peak). Only for buffers readBody allocated itself, which own their whole ArrayBuffer.
 */
function freeNow(bytes: Buffer): void {
  const owner = bytes.buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer };
  if (bytes.byteOffset === 0 && owner.byteLength >= 64 * 1024) owner.transfer?.(0);
}

function isBlank(bytes: Buffer): boolean {
  for (const byte of bytes) {
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  }
  return true;
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, { detail: `Request body is larger than ${formatMiB(limit)} MiB` });
}

function busy(lease: BodyLease): HttpError {
  return new HttpError(
    503,
    {
      error: `Too many request bytes in flight (${formatMiB(lease.budgetUsed)} of ${formatMiB(lease.capacity)} MiB); retry later`,
      status: 'failed',
    },
    { 'Retry-After': String(BUSY_RETRY_AFTER_SECONDS) },
  );
}

function formatMiB(bytes: number): string {
  return String(Math.round((bytes / 1024 / 1024) * 10) / 10);
}

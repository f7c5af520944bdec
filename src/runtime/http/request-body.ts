// Reading and parsing request bodies (spec §1.2): JSON only, at most 100 MiB, an empty body
// means `{}`. Errors are HttpError with the status the original answers.
import type { IncomingMessage } from 'node:http';

export const MAX_BODY_BYTES = 100 * 1024 * 1024;

export class HttpError extends Error {
  readonly status: number;
  readonly body: unknown;

  constructor(status: number, body: unknown) {
    super(`HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

function isJsonContentType(value: string): boolean {
  const bare = value.split(';')[0]?.trim().toLowerCase() ?? '';
  return bare === 'application/json' || bare.endsWith('+json');
}

export async function readJsonBody(
  request: IncomingMessage,
  limit = MAX_BODY_BYTES,
): Promise<unknown> {
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (declared > limit) {
    request.resume();
    throw tooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      request.resume();
      throw tooLarge(limit);
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  const contentType = request.headers['content-type'];
  if (contentType !== undefined && !isJsonContentType(contentType)) {
    throw new HttpError(415, { detail: 'Expected request with `Content-Type: application/json`' });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, {
      detail: `Failed to parse the request body as JSON: ${(error as Error).message}`,
    });
  }
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, { detail: `Request body is larger than ${limit / 1024 / 1024} MiB` });
}

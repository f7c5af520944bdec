// A client for one repository of an OCI distribution registry (weights.md §13), on undici: a
// pooled Agent, `request` with streamed bodies both ways (a multi-GB blob never sits in
// memory; backpressure reaches the socket), retries with backoff on dropped connections and
// 408/429/5xx, auth from the Docker config answered per the registry's challenge (Basic, or a
// Bearer token for `repository:<repo>:pull,push`). Credentials are only ever sent to the
// registry's own origin and its token realm: an upload Location or a blob redirect that points
// elsewhere is followed without them. Loopback registries are spoken to over plain HTTP, as the
// Docker daemon does. undici is imported lazily by `openRegistry`, so only transfers load it.
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import type { Agent, Dispatcher } from 'undici';
import { CogError } from '../cog-error.ts';
import { registryAuth } from './registry-auth.ts';
import { isLoopbackHost, parseAuthChallenge, type AuthChallenge } from './registry-login.ts';

export interface RegistryRef {
  host: string;
  repository: string;
}

export interface ManifestDescriptor {
  mediaType: string;
  size: number;
  digest: string;
}

export interface RetryNotice {
  attempt: number;
  max: number;
  delayMs: number;
  error: Error;
}

interface Call {
  method: Dispatcher.HttpMethod;
  url: string;
  headers?: Record<string, string>;
  /** A fresh body per attempt, so a retry re-sends it from the start. */
  body?: () => Readable | Buffer | string;
  /** Retried: connection errors and 408/429/5xx. */
  idempotent?: boolean;
}

type UndiciModule = typeof import('undici');

/** An inclusive byte range, as `Content-Range` writes it. */
export interface ByteRange {
  start: number;
  end: number;
}

/** A chunked upload in progress: where it continues, from which byte, in what chunks. */
interface ChunkedUpload {
  location: string;
  offset: number;
  chunk: number;
}

interface UploadSession {
  location: string;
  /** `OCI-Chunk-Min-Length` / `OCI-Chunk-Max-Length`, when the registry sends them. */
  minChunk: number | undefined;
  maxChunk: number | undefined;
}

const MiB = 1024 * 1024;

const RETRY_STATUSES = new Set([408, 429, 499, 500, 502, 503, 504, 522]);
const RETRY_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

export async function openRegistry(
  ref: RegistryRef,
  env: NodeJS.ProcessEnv,
  options: { attempts?: number; retryBaseMs?: number; onRetry?: (n: RetryNotice) => void } = {},
): Promise<OciClient> {
  // Bundled, the CommonJS package arrives as a default export; run from source, as named ones.
  const loaded = (await import('undici')) as UndiciModule & { default?: UndiciModule };
  const undici = typeof loaded.Agent === 'function' ? loaded : (loaded.default as UndiciModule);
  return new OciClient(ref, env, undici, options);
}

export class OciClient {
  readonly ref: RegistryRef;
  readonly base: string;
  readonly #env: NodeJS.ProcessEnv;
  readonly #undici: UndiciModule;
  readonly #agent: Agent;
  readonly #attempts: number;
  readonly #retryBaseMs: number;
  readonly #onRetry: ((n: RetryNotice) => void) | undefined;
  #authorization: string | undefined;

  constructor(
    ref: RegistryRef,
    env: NodeJS.ProcessEnv,
    undici: UndiciModule,
    options: { attempts?: number; retryBaseMs?: number; onRetry?: (n: RetryNotice) => void },
  ) {
    this.ref = ref;
    this.base = `${isLoopbackHost(ref.host) ? 'http' : 'https'}://${ref.host}`;
    this.#env = env;
    this.#undici = undici;
    this.#agent = new undici.Agent({
      connections: 16,
      keepAliveTimeout: 10_000,
      headersTimeout: 60_000,
      bodyTimeout: 300_000,
    });
    this.#attempts = options.attempts ?? 5;
    this.#retryBaseMs = options.retryBaseMs ?? 2000;
    this.#onRetry = options.onRetry;
  }

  close(): Promise<void> {
    return this.#agent.close();
  }

  #path(kind: 'blobs' | 'manifests', reference: string): string {
    return `${this.base}/v2/${this.ref.repository}/${kind}/${reference}`;
  }

  async hasBlob(digest: string): Promise<boolean> {
    const response = await this.#send({
      method: 'HEAD',
      url: this.#path('blobs', digest),
      idempotent: true,
    });
    await response.body.dump();
    if (response.statusCode === 200) return true;
    if (response.statusCode === 404) return false;
    throw this.#statusError(`HEAD blob ${digest}`, response.statusCode, '');
  }

  /**
   * Uploads a blob unless the registry has it (weights.md §13): one streamed PATCH up to
   * COG_PUSH_MULTIPART_THRESHOLD (128 MiB), above it PATCHes of one chunk each with a
   * `Content-Range`, every chunk read from its own range of the source (so memory stays at a
   * stream buffer whatever the size); then the PUT with the digest. A registry that refuses a
   * chunk (400/416) gets a new session with one PATCH. After a dropped connection a chunked
   * upload continues at the last chunk the registry confirmed, if its upload status agrees;
   * otherwise, and for single PATCHes, the upload restarts.
   */
  async pushBlob(options: {
    digest: string;
    size: number;
    mediaType?: string;
    /** The bytes, or the inclusive byte range `start`–`end` of them. */
    open: (range?: ByteRange) => Readable | Buffer;
    onProgress?: (sent: number) => void;
  }): Promise<'exists' | 'pushed'> {
    if (await this.hasBlob(options.digest)) {
      options.onProgress?.(options.size);
      return 'exists';
    }
    const threshold = envBytes(this.#env.COG_PUSH_MULTIPART_THRESHOLD, 128 * MiB);
    // The chunks the registry has taken, kept across attempts: after a dropped connection the
    // upload continues there if the registry's own upload status agrees.
    let confirmed: ChunkedUpload | undefined;
    return this.#withRetry(`pushing blob ${options.digest}`, async (): Promise<'pushed'> => {
      let location: string;
      if (options.size > threshold) {
        let from = confirmed === undefined ? undefined : await this.#resumable(confirmed);
        if (from === undefined) {
          confirmed = undefined;
          const session = await this.#startUpload();
          const fallback = envBytes(this.#env.COG_PUSH_DEFAULT_CHUNK_SIZE, 96 * MiB);
          from = { location: session.location, offset: 0, chunk: chunkSize(session, fallback) };
        }
        const chunked = await this.#patchChunks(from, options, (done) => (confirmed = done));
        if (chunked.refused) {
          confirmed = undefined;
          const session = await this.#startUpload();
          location = await this.#patch(session.location, options, undefined);
        } else location = chunked.location;
      } else location = await this.#patch((await this.#startUpload()).location, options, undefined);
      const committed = new URL(location);
      committed.searchParams.set('digest', options.digest);
      const put = await this.#send({
        method: 'PUT',
        url: committed.href,
        headers: {
          'content-length': '0',
          ...(options.mediaType === undefined ? {} : { 'oci-layer-media-type': options.mediaType }),
        },
      });
      const putText = await put.body.text();
      if (put.statusCode !== 201) throw this.#statusError('commit blob', put.statusCode, putText);
      return 'pushed';
    });
  }

  /** POST …/blobs/uploads/: the session's Location and the registry's chunk limits. */
  async #startUpload(): Promise<UploadSession> {
    const started = await this.#send({
      method: 'POST',
      url: `${this.base}/v2/${this.ref.repository}/blobs/uploads/`,
      headers: { 'content-length': '0' },
    });
    await started.body.dump();
    if (started.statusCode !== 202) throw this.#statusError('start upload', started.statusCode, '');
    const limit = (name: string): number | undefined => {
      const value = Number(header(started.headers[name]));
      return Number.isSafeInteger(value) && value > 0 ? value : undefined;
    };
    return {
      location: this.#location(started.headers['location']),
      minChunk: limit('oci-chunk-min-length'),
      maxChunk: limit('oci-chunk-max-length'),
    };
  }

  /**
   * The chunks from `from.offset` on, in order, each PATCH to the Location the previous answer
   * gave; `onConfirmed` hears of every chunk the registry took.
   */
  async #patchChunks(
    from: ChunkedUpload,
    options: Parameters<OciClient['pushBlob']>[0],
    onConfirmed: (done: ChunkedUpload) => void,
  ): Promise<{ refused: true } | { refused: false; location: string }> {
    let location = from.location;
    for (const range of planChunks(options.size, from.chunk)) {
      if (range.start < from.offset) continue;
      const next = await this.#patch(location, options, range).catch((error: unknown) => {
        const status = (error as { status?: number }).status;
        if (status === 400 || status === 416) return undefined;
        throw error;
      });
      if (next === undefined) return { refused: true };
      location = next;
      onConfirmed({ location, offset: range.end + 1, chunk: from.chunk });
    }
    return { refused: false, location };
  }

  /**
   * Where an interrupted chunked upload can go on: the registry's upload status
   * (`GET <location>` → `Range: 0-<last byte>`) must say it holds exactly the confirmed bytes
   * (a cut-off PATCH may have left part of a chunk, which cannot be taken back); else none.
   */
  async #resumable(upload: ChunkedUpload): Promise<ChunkedUpload | undefined> {
    try {
      const status = await this.#send({ method: 'GET', url: upload.location });
      await status.body.dump();
      const range = /^0-(\d+)$/.exec(header(status.headers['range']) ?? '');
      if (status.statusCode !== 204 || range === null || Number(range[1]) + 1 !== upload.offset)
        return undefined;
      const location = header(status.headers['location']);
      return { ...upload, location: location ? this.#location(location) : upload.location };
    } catch {
      return undefined;
    }
  }

  /** One PATCH of the whole blob (no range) or of one chunk; the Location to continue at. */
  async #patch(
    location: string,
    options: Parameters<OciClient['pushBlob']>[0],
    range: ByteRange | undefined,
  ): Promise<string> {
    const length = range === undefined ? options.size : range.end - range.start + 1;
    const offset = range?.start ?? 0;
    const patched = await this.#send({
      method: 'PATCH',
      url: location,
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(length),
        ...(range === undefined ? {} : { 'content-range': `${range.start}-${range.end}` }),
      },
      body: () => {
        const body = options.open(range);
        if (options.onProgress === undefined || Buffer.isBuffer(body)) return body;
        // Counted on the way through, so the request stream keeps its backpressure.
        let sent = offset;
        const onProgress = options.onProgress;
        const counted = new Transform({
          transform(data: Buffer, _encoding, done) {
            onProgress((sent += data.length));
            done(null, data);
          },
        });
        body.on('error', (error) => counted.destroy(error));
        return body.pipe(counted);
      },
    });
    const text = await patched.body.text();
    if (patched.statusCode !== 202)
      throw this.#statusError(
        range === undefined ? 'upload blob' : `upload chunk ${range.start}-${range.end}`,
        patched.statusCode,
        text,
      );
    return this.#location(patched.headers['location'] ?? location);
  }

  async putManifest(reference: string, mediaType: string, bytes: Buffer): Promise<string> {
    const response = await this.#send({
      method: 'PUT',
      url: this.#path('manifests', reference),
      headers: { 'content-type': mediaType },
      body: () => bytes,
      idempotent: true,
    });
    const text = await response.body.text();
    if (response.statusCode !== 201 && response.statusCode !== 200)
      throw this.#statusError(`PUT manifest ${reference}`, response.statusCode, text);
    return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  }

  async headManifest(reference: string, accept: string[]): Promise<ManifestDescriptor> {
    const response = await this.#send({
      method: 'HEAD',
      url: this.#path('manifests', reference),
      headers: { accept: accept.join(', ') },
      idempotent: true,
    });
    await response.body.dump();
    if (response.statusCode !== 200)
      throw this.#statusError(`HEAD manifest ${reference}`, response.statusCode, '');
    return {
      mediaType: header(response.headers['content-type']) ?? '',
      size: Number(header(response.headers['content-length']) ?? 0),
      digest: header(response.headers['docker-content-digest']) ?? '',
    };
  }

  /** A manifest by digest, its bytes checked against the digest. */
  async getManifest(digest: string, accept: string[]): Promise<Buffer> {
    const response = await this.#send({
      method: 'GET',
      url: this.#path('manifests', digest),
      headers: { accept: accept.join(', ') },
      idempotent: true,
    });
    const bytes = Buffer.from(await response.body.arrayBuffer());
    if (response.statusCode !== 200)
      throw this.#statusError(`GET manifest ${digest}`, response.statusCode, bytes.toString());
    const got = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (got !== digest)
      throw new CogError('WEIGHT_VERIFY', `digest mismatch: expected ${digest}, got ${got}`);
    return bytes;
  }

  /** The blob's bytes as a stream (the caller verifies them); redirects followed without auth. */
  async getBlob(digest: string): Promise<Readable> {
    let url = this.#path('blobs', digest);
    for (let hop = 0; hop < 5; hop++) {
      const response = await this.#send({ method: 'GET', url, idempotent: true });
      if (response.statusCode >= 300 && response.statusCode < 400) {
        await response.body.dump();
        url = new URL(header(response.headers['location']) ?? '', url).href;
        continue;
      }
      if (response.statusCode !== 200) {
        const text = await response.body.text();
        throw this.#statusError(`GET blob ${digest}`, response.statusCode, text);
      }
      return response.body;
    }
    throw new CogError('REGISTRY_ERROR', `GET blob ${digest}: too many redirects`);
  }

  #location(value: string | string[] | undefined): string {
    const location = header(value);
    if (location === undefined || location === '')
      throw new CogError('REGISTRY_ERROR', `${this.ref.host} started an upload without a Location`);
    return new URL(location, this.base).href;
  }

  /** One request, authenticated on a 401 challenge, retried when idempotent. */
  async #send(call: Call): Promise<Dispatcher.ResponseData> {
    const once = async (): Promise<Dispatcher.ResponseData> => {
      let response = await this.#dispatch(call);
      if (response.statusCode === 401 && this.#sameOrigin(call.url)) {
        const challenge = parseAuthChallenge(header(response.headers['www-authenticate']) ?? '');
        await response.body.dump();
        await this.#authenticate(challenge);
        response = await this.#dispatch(call);
        if (response.statusCode === 401) {
          await response.body.dump();
          throw new CogError(
            'REGISTRY_AUTH',
            `${this.ref.host}: authentication required (HTTP 401) for ${this.ref.repository}`,
            { hint: `Log in with: cog login --registry ${this.ref.host}` },
          );
        }
      }
      if (call.idempotent === true && RETRY_STATUSES.has(response.statusCode)) {
        const text = await response.body.text().catch(() => '');
        throw this.#statusError(
          `${call.method} ${new URL(call.url).pathname}`,
          response.statusCode,
          text,
        );
      }
      return response;
    };
    return call.idempotent === true
      ? this.#withRetry(`${call.method} ${new URL(call.url).pathname}`, once)
      : once();
  }

  #dispatch(call: Call): Promise<Dispatcher.ResponseData> {
    const headers: Record<string, string> = { 'user-agent': 'cog', ...call.headers };
    if (this.#authorization !== undefined && this.#sameOrigin(call.url))
      headers['authorization'] = this.#authorization;
    return this.#undici
      .request(call.url, {
        method: call.method,
        headers,
        ...(call.body === undefined ? {} : { body: call.body() }),
        dispatcher: this.#agent,
      })
      .catch((error: unknown) => {
        throw this.#transportError(call, error);
      });
  }

  #sameOrigin(url: string): boolean {
    return new URL(url).origin === new URL(this.base).origin;
  }

  async #authenticate(challenge: AuthChallenge | undefined): Promise<void> {
    const auth = await registryAuth(this.ref.host, this.#env);
    const basic =
      auth?.username !== undefined
        ? `Basic ${Buffer.from(`${auth.username}:${auth.password ?? ''}`).toString('base64')}`
        : undefined;
    if (challenge === undefined || challenge.scheme === 'basic') {
      if (basic === undefined) throw this.#noCredentials();
      this.#authorization = basic;
      return;
    }
    if (challenge.scheme !== 'bearer')
      throw new CogError(
        'REGISTRY_AUTH',
        `${this.ref.host} asks for unsupported "${challenge.scheme}" authentication`,
      );
    const realm = challenge.params['realm'];
    if (realm === undefined)
      throw new CogError('REGISTRY_AUTH', `${this.ref.host} named no token realm`);
    const url = new URL(realm);
    if (challenge.params['service']) url.searchParams.set('service', challenge.params['service']);
    url.searchParams.set('scope', `repository:${this.ref.repository}:pull,push`);
    const headers: Record<string, string> = { 'user-agent': 'cog' };
    // The realm is the registry's own token service; over plain HTTP only on loopback.
    if (basic !== undefined && (url.protocol === 'https:' || isLoopbackHost(url.host)))
      headers['authorization'] = basic;
    const response = await this.#undici
      .request(url.href, { method: 'GET', headers, dispatcher: this.#agent })
      .catch((error: unknown) => {
        throw this.#transportError({ method: 'GET', url: url.href }, error);
      });
    const body = (await response.body.json().catch(() => ({}))) as {
      token?: string;
      access_token?: string;
    };
    const token = body.token ?? body.access_token;
    if (response.statusCode !== 200 || !token) {
      throw new CogError(
        'REGISTRY_AUTH',
        `${this.ref.host}: token service refused access to ${this.ref.repository} (HTTP ${response.statusCode})`,
        { hint: `Log in with: cog login --registry ${this.ref.host}` },
      );
    }
    this.#authorization = `Bearer ${token}`;
  }

  #noCredentials(): CogError {
    return new CogError(
      'REGISTRY_AUTH',
      `${this.ref.host} requires authentication and no credentials are stored for it`,
      { hint: `Log in with: cog login --registry ${this.ref.host}` },
    );
  }

  async #withRetry<T>(what: string, attempt: () => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        if (!isRetryable(error) || n >= this.#attempts) {
          if (n > 1 && error instanceof CogError)
            throw new CogError(error.code, `${what} (after ${n} attempts): ${error.message}`, {
              cause: error,
            });
          throw error;
        }
        const delayMs = Math.round(this.#retryBaseMs * 2 ** (n - 1) * (0.9 + Math.random() * 0.2));
        this.#onRetry?.({ attempt: n, max: this.#attempts, delayMs, error: error as Error });
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }

  #statusError(what: string, status: number, body: string): CogError {
    const error = new CogError(
      'REGISTRY_ERROR',
      `${what} on ${this.ref.host}/${this.ref.repository}: HTTP ${status}${body.trim() === '' ? '' : `: ${body.trim().slice(0, 300)}`}`,
    );
    (error as CogError & { status?: number }).status = status;
    return error;
  }

  #transportError(call: Pick<Call, 'method' | 'url'>, error: unknown): CogError {
    const inner = error as NodeJS.ErrnoException;
    const code = inner.code ?? '';
    const wrapped = new CogError(
      'REGISTRY_UNREACHABLE',
      `${call.method} ${call.url}: ${inner.message || String(error)}${code && !inner.message?.includes(code) ? ` (${code})` : ''}`,
      { hint: `Check that the registry ${this.ref.host} is running and reachable.`, cause: error },
    );
    (wrapped as CogError & { transport?: string }).transport = code;
    return wrapped;
  }
}

function isRetryable(error: unknown): boolean {
  const e = error as { transport?: string; status?: number };
  if (e.transport !== undefined) return RETRY_CODES.has(e.transport);
  return e.status !== undefined && RETRY_STATUSES.has(e.status);
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A byte count from the environment (COG_PUSH_*), else the default. */
function envBytes(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isSafeInteger(n) && n > 0 ? n : fallback;
}

/**
 * The chunk size of a session: the registry's maximum less 64 KiB of headroom (as the
 * original), else the default; never under the registry's minimum.
 */
export function chunkSize(
  limits: { minChunk: number | undefined; maxChunk: number | undefined },
  fallback: number,
): number {
  let size =
    limits.maxChunk !== undefined && limits.maxChunk > 64 * 1024
      ? limits.maxChunk - 64 * 1024
      : fallback;
  if (limits.minChunk !== undefined) size = Math.max(size, limits.minChunk);
  return size;
}

/** Consecutive inclusive ranges of at most `chunk` bytes covering `size` bytes. */
export function planChunks(size: number, chunk: number): ByteRange[] {
  if (!(chunk > 0)) throw new RangeError(`chunk size must be positive, got ${chunk}`);
  const ranges: ByteRange[] = [];
  for (let start = 0; start < size; start += chunk)
    ranges.push({ start, end: Math.min(size, start + chunk) - 1 });
  return ranges;
}

// A Hugging Face weight source, `hf://org/repo[@ref]` (weights.md §3), over the hub's HTTP API
// as huggingface_hub speaks it: base `$HF_ENDPOINT` or https://huggingface.co, token `$HF_TOKEN`
// else `$HUGGING_FACE_HUB_TOKEN` as `Authorization: Bearer`. The ref is resolved to a commit
// (`/api/models/<repo>/revision/<ref>`), the file list read from the tree of that commit
// (`?recursive=true`, `Link: rel="next"` pages followed), LFS files take their digest from the
// listing (no download while planning), other files are streamed into the store and hashed,
// 4 at a time. The fingerprint is `commit:<sha>`; file bytes come from
// `/<repo>/resolve/<commit>/<path>` and are verified by the store. The token goes to the hub's
// own origin only: a redirect to a CDN (how the hub serves LFS files) is followed without it.
import type { Readable } from 'node:stream';
import { CogError } from '../cog-error.ts';
import { loadUndici, type UndiciModule } from './http-source.ts';
import type { Inventory, InventoryFile } from './weight-source.ts';
import type { WeightStore } from './weight-store.ts';
import { mapLimit } from './weights-project.ts';

const ATTEMPTS = 3;
const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

export interface HfRepo {
  /** `org/repo` */
  repo: string;
  ref: string;
}

/** `hf://org/repo@ref` (already normalised) → repo and ref (default `main`). */
export function parseHfUri(uri: string): HfRepo {
  const rest = uri.replace(/^(hf|huggingface):\/\//i, '');
  const at = rest.indexOf('@');
  return at === -1
    ? { repo: rest, ref: 'main' }
    : { repo: rest.slice(0, at), ref: rest.slice(at + 1) };
}

interface TreeEntry {
  type?: string;
  path?: string;
  size?: number;
  lfs?: { oid?: string; size?: number };
}

export class HfHub {
  readonly base: string;
  readonly #token: string | undefined;
  readonly #undici: UndiciModule;
  readonly #retryBaseMs: number;

  constructor(
    env: NodeJS.ProcessEnv,
    undici: UndiciModule,
    options: { retryBaseMs?: number } = {},
  ) {
    this.base = (env.HF_ENDPOINT || 'https://huggingface.co').replace(/\/+$/, '');
    this.#token = env.HF_TOKEN || env.HUGGING_FACE_HUB_TOKEN || undefined;
    this.#undici = undici;
    this.#retryBaseMs = options.retryBaseMs ?? 1000;
  }

  static async open(
    env: NodeJS.ProcessEnv,
    options: { retryBaseMs?: number } = {},
  ): Promise<HfHub> {
    return new HfHub(env, await loadUndici(), options);
  }

  /** The commit a ref names. */
  async resolveRevision(repo: string, ref: string): Promise<string> {
    const url = `${this.base}/api/models/${repo}/revision/${encodeURIComponent(ref)}`;
    const body = (await (await this.#get(url)).body.json()) as { sha?: unknown };
    if (typeof body.sha !== 'string' || !/^[0-9a-f]{40}$/.test(body.sha))
      throw new CogError('WEIGHT_SOURCE', `${url} named no commit (no 40-hex "sha" in the answer)`);
    return body.sha;
  }

  /** Every file of the commit's tree, all pages. */
  async listFiles(repo: string, commit: string): Promise<TreeEntry[]> {
    const files: TreeEntry[] = [];
    let url: string | undefined = `${this.base}/api/models/${repo}/tree/${commit}?recursive=true`;
    for (let page = 0; url !== undefined; page++) {
      if (page > 10_000) throw new CogError('WEIGHT_SOURCE', `${url}: too many pages`);
      const response = await this.#get(url);
      const entries = (await response.body.json()) as unknown;
      if (!Array.isArray(entries))
        throw new CogError('WEIGHT_SOURCE', `${url} did not answer with a list of entries`);
      for (const entry of entries as TreeEntry[]) if (entry.type === 'file') files.push(entry);
      const next = nextLink(header(response.headers['link']));
      url = next === undefined ? undefined : new URL(next, url).href;
    }
    return files;
  }

  resolveUrl(repo: string, commit: string, file: string): string {
    return `${this.base}/${repo}/resolve/${commit}/${file.split('/').map(encodeURIComponent).join('/')}`;
  }

  /** The bytes of one file of the commit, redirects followed (without the token off the hub). */
  async download(repo: string, commit: string, file: string): Promise<Readable> {
    return (await this.#get(this.resolveUrl(repo, commit, file))).body;
  }

  /** A GET with auth, retried on transport errors, 429 and 5xx, redirects followed. */
  async #get(start: string): Promise<Awaited<ReturnType<UndiciModule['request']>>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#getOnce(start);
      } catch (error) {
        const retry = (error as { retryable?: boolean }).retryable === true;
        if (!retry || attempt >= ATTEMPTS) throw error;
        await new Promise((r) => setTimeout(r, this.#retryBaseMs * 2 ** (attempt - 1)));
      }
    }
  }

  async #getOnce(start: string): Promise<Awaited<ReturnType<UndiciModule['request']>>> {
    const origin = new URL(this.base).origin;
    let url = start;
    for (let hop = 0; hop <= 5; hop++) {
      const headers: Record<string, string> = { 'user-agent': 'cog' };
      if (this.#token !== undefined && new URL(url).origin === origin)
        headers['authorization'] = `Bearer ${this.#token}`;
      let response;
      try {
        response = await this.#undici.request(url, { method: 'GET', headers });
      } catch (error) {
        const failure = new CogError('WEIGHT_SOURCE', `GET ${url}: ${(error as Error).message}`, {
          hint: `Check that ${origin} is reachable (HF_ENDPOINT overrides the hub's address).`,
          cause: error,
        });
        throw Object.assign(failure, { retryable: true });
      }
      const location = header(response.headers['location']);
      if (response.statusCode >= 300 && response.statusCode < 400 && location !== undefined) {
        await response.body.dump();
        url = new URL(location, url).href;
        continue;
      }
      if (response.statusCode >= 200 && response.statusCode < 300) return response;
      const text = await response.body.text().catch(() => '');
      throw Object.assign(statusError(url, response.statusCode, text), {
        retryable: RETRY_STATUSES.has(response.statusCode),
      });
    }
    throw new CogError('WEIGHT_SOURCE', `GET ${start}: too many redirects`);
  }
}

function statusError(url: string, status: number, body: string): CogError {
  if (status === 401)
    return new CogError(
      'WEIGHT_SOURCE',
      `authentication failed for ${url} (HTTP 401): set HF_TOKEN or HUGGING_FACE_HUB_TOKEN`,
    );
  if (status === 403)
    return new CogError(
      'WEIGHT_SOURCE',
      `access denied for ${url} (HTTP 403): check repo visibility and token permissions`,
    );
  if (status === 404) return new CogError('WEIGHT_SOURCE', `not found: ${url} (HTTP 404)`);
  return new CogError('WEIGHT_SOURCE', `HTTP ${status} from ${url}: ${body.slice(0, 1024)}`);
}

/** The `rel="next"` target of a Link header (RFC 8288), if any. */
export function nextLink(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  for (const part of value.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match && /;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(match[2] ?? ''))
      return match[1];
  }
  return undefined;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The inventory of an `hf://` source: LFS digests from the listing, other files hashed. */
export async function inventoryHfSource(
  uri: string,
  store: WeightStore,
  env: NodeJS.ProcessEnv,
  hub?: HfHub,
): Promise<Inventory> {
  const { repo, ref } = parseHfUri(uri);
  const client = hub ?? (await HfHub.open(env));
  const commit = await client.resolveRevision(repo, ref);
  const entries = await client.listFiles(repo, commit);
  const files = await mapLimit(entries, 4, async (entry): Promise<InventoryFile> => {
    const filePath = entry.path ?? '';
    if (filePath === '' || filePath.startsWith('/') || filePath.split('/').includes('..'))
      throw new CogError(
        'WEIGHT_SOURCE',
        `${uri} lists an unusable path ${JSON.stringify(filePath)}`,
      );
    const fetch = () => client.download(repo, commit, filePath);
    const oid = entry.lfs?.oid;
    if (oid !== undefined && SHA256_HEX.test(oid)) {
      const size = entry.lfs?.size ?? entry.size ?? 0;
      const digest = `sha256:${oid}`;
      return { path: filePath, size, digest, file: store.filePath(digest), fetch };
    }
    // Not in LFS (small text files, mostly): the listing has a git blob id only, so the bytes
    // are fetched now, straight into the store.
    const stored = await store.putUnverified(await fetch());
    return {
      path: filePath,
      size: stored.size,
      digest: stored.digest,
      file: store.filePath(stored.digest),
      fetch,
    };
  });
  return { files, fingerprint: `commit:${commit}` };
}

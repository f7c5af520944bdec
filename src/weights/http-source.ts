// An `http://` / `https://` weight source (weights.md §3): one file named after the URL's last
// path segment. A HEAD asks for a strong ETag (the fingerprint `etag:<value>`; without one, the
// file's own digest), then the file is streamed once, straight into the weight store, hashed on
// the way (the original downloaded it twice). Redirects are followed, at most five.
import type { Readable } from 'node:stream';
import { CogError } from '../cog-error.ts';
import type { Inventory } from './weight-source.ts';
import type { WeightStore } from './weight-store.ts';

export type UndiciModule = typeof import('undici');

/** Bundled, the CommonJS package arrives as a default export; run from source, as named ones. */
export async function loadUndici(): Promise<UndiciModule> {
  const loaded = (await import('undici')) as UndiciModule & { default?: UndiciModule };
  return typeof loaded.request === 'function' ? loaded : (loaded.default as UndiciModule);
}

export async function inventoryHttpSource(uri: string, store: WeightStore): Promise<Inventory> {
  const url = new URL(uri);
  const name = decodeURIComponent(url.pathname.split('/').pop() ?? '');
  if (name === '') throw new CogError('WEIGHT_SOURCE', `HTTP URI "${uri}" has no filename in path`);
  const undici = await loadUndici();
  const head = await follow(undici, uri, 'HEAD');
  await head.body.dump();
  const etagHeader = head.headers['etag'];
  const etag = Array.isArray(etagHeader) ? etagHeader[0] : etagHeader;
  const response = await follow(undici, uri, 'GET');
  if (response.statusCode < 200 || response.statusCode >= 300) {
    await response.body.dump();
    throw new CogError('WEIGHT_SOURCE', `GET ${uri} returned HTTP ${response.statusCode}`);
  }
  const stored = await store.putUnverified(response.body as Readable);
  const fingerprint =
    etag !== undefined && etag !== '' && !etag.startsWith('W/') ? `etag:${etag}` : stored.digest;
  return {
    files: [
      { path: name, size: stored.size, digest: stored.digest, file: store.filePath(stored.digest) },
    ],
    fingerprint,
  };
}

async function follow(
  undici: UndiciModule,
  start: string,
  method: 'HEAD' | 'GET',
): Promise<Awaited<ReturnType<UndiciModule['request']>>> {
  let url = start;
  for (let hop = 0; hop <= 5; hop++) {
    let response;
    try {
      response = await undici.request(url, { method, headers: { 'user-agent': 'cog' } });
    } catch (error) {
      throw new CogError('WEIGHT_SOURCE', `${method} ${start}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const location = response.headers['location'];
    if (response.statusCode >= 300 && response.statusCode < 400 && location !== undefined) {
      await response.body.dump();
      url = new URL(Array.isArray(location) ? (location[0] ?? '') : location, url).href;
      continue;
    }
    return response;
  }
  throw new CogError('WEIGHT_SOURCE', `${method} ${start}: too many redirects`);
}

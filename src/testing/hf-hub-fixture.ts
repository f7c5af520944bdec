// A stand-in for the Hugging Face hub, for tests: real HTTP on 127.0.0.1, the routes and
// answers huggingface_hub and `cog weights import` use — `/api/models/<repo>/revision/<ref>`
// (`{"sha": …}`), `/api/models/<repo>/tree/<commit>?recursive=true` in pages joined by
// `Link: <…>; rel="next"` (entries `{type, oid, size, path, lfs?}`, directories included),
// `/<repo>/resolve/<commit>/<path>` (plain bytes, or a 302 to a second server, the "CDN", for
// LFS files, as the hub does). Private repos answer 401 without the token and 403 with another
// one. Every request is recorded with its Authorization header; failures can be queued.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixtureRepo {
  /** Path → bytes. */
  files: Record<string, Buffer>;
  /** Paths served as LFS files (listed with `lfs.oid`, bytes behind a CDN redirect). */
  lfs: readonly string[];
  /** Ref → commit; `main` at least. */
  refs: Record<string, string>;
  private?: boolean;
  /** LFS paths whose bytes on the CDN differ from what the listing says (a damaged download). */
  tampered?: readonly string[];
}

export interface RecordedRequest {
  server: 'hub' | 'cdn';
  path: string;
  authorization: string | undefined;
}

export interface HfHubFixture {
  endpoint: string;
  requests: RecordedRequest[];
  /** The next requests whose path starts with `prefix` answer `status` (one per entry). */
  fail(prefix: string, ...statuses: number[]): void;
  close(): Promise<void>;
}

export const commitOf = (seed: string): string => createHash('sha1').update(seed).digest('hex');
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startHfHub(options: {
  repos: Record<string, FixtureRepo>;
  token: string;
  pageSize?: number;
}): Promise<HfHubFixture> {
  const requests: RecordedRequest[] = [];
  const failures: Array<{ prefix: string; status: number }> = [];
  const pageSize = options.pageSize ?? 2;
  const blobs = new Map<string, Buffer>();
  for (const [name, repo] of Object.entries(options.repos))
    for (const file of repo.lfs) {
      const bytes = repo.files[file];
      if (bytes === undefined) continue;
      const served =
        repo.tampered?.includes(file) === true ? Buffer.from(bytes).fill(0, 0, 16) : bytes;
      blobs.set(`${name}/${sha256(bytes)}`, served);
    }

  const cdn = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push({ server: 'cdn', path: url.pathname, authorization: req.headers.authorization });
    const bytes = blobs.get(url.pathname.replace(/^\/blobs\//, ''));
    if (bytes === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-length': bytes.length }).end(bytes);
  });
  const cdnBase = await listen(cdn);

  let hubBase = '';
  const hub = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname);
    requests.push({ server: 'hub', path: url.pathname, authorization: req.headers.authorization });
    const failure = failures.findIndex((f) => url.pathname.startsWith(f.prefix));
    if (failure !== -1) {
      const status = failures.splice(failure, 1)[0]?.status ?? 500;
      return void res.writeHead(status, { 'content-type': 'text/plain' }).end(`injected ${status}`);
    }
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      void res
        .writeHead(status, { 'content-type': 'application/json', ...headers })
        .end(JSON.stringify(body));
    const api = /^\/api\/models\/([^/]+\/[^/]+)\/(revision|tree)\/(.+)$/.exec(path);
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([0-9a-f]{40})\/(.+)$/.exec(path);
    const name = api?.[1] ?? resolve?.[1];
    const repo = name === undefined ? undefined : options.repos[name];
    if (repo === undefined) return json(404, { error: 'Repository Not Found' });
    if (repo.private === true) {
      const auth = req.headers.authorization;
      if (auth === undefined)
        return json(401, { error: 'Invalid credentials in Authorization header' });
      if (auth !== `Bearer ${options.token}`)
        return json(403, { error: 'Access to this resource is restricted' });
    }
    const commits = new Set(Object.values(repo.refs));
    if (api?.[2] === 'revision') {
      const sha = repo.refs[api[3] ?? ''];
      return sha === undefined
        ? json(404, { error: `Invalid rev id: ${api[3]}` })
        : json(200, { id: name, sha, siblings: [] });
    }
    if (api?.[2] === 'tree') {
      if (!commits.has(api[3] ?? '') || url.searchParams.get('recursive') !== 'true')
        return json(404, { error: 'not found' });
      const entries: unknown[] = [];
      const dirs = new Set<string>();
      for (const file of Object.keys(repo.files).sort()) {
        const parts = file.split('/');
        for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
      }
      for (const dir of [...dirs].sort())
        entries.push({ type: 'directory', oid: commitOf(dir), size: 0, path: dir });
      for (const file of Object.keys(repo.files).sort()) {
        const bytes = repo.files[file] as Buffer;
        entries.push({
          type: 'file',
          oid: commitOf(bytes.toString('latin1')),
          size: bytes.length,
          path: file,
          ...(repo.lfs.includes(file)
            ? { lfs: { oid: sha256(bytes), size: bytes.length, pointerSize: 134 } }
            : {}),
        });
      }
      const cursor = Number(url.searchParams.get('cursor') ?? 0);
      const page = entries.slice(cursor, cursor + pageSize);
      const next = cursor + pageSize;
      const link: Record<string, string> =
        next < entries.length
          ? { link: `<${hubBase}${url.pathname}?recursive=true&cursor=${next}>; rel="next"` }
          : {};
      return json(200, page, link);
    }
    if (resolve !== null) {
      const file = resolve[3] ?? '';
      const bytes = repo.files[file];
      if (!commits.has(resolve[2] ?? '') || bytes === undefined)
        return json(404, { error: 'Entry not found' });
      if (repo.lfs.includes(file))
        return void res
          .writeHead(302, { location: `${cdnBase}/blobs/${name}/${sha256(bytes)}` })
          .end();
      return void res.writeHead(200, { 'content-length': bytes.length }).end(bytes);
    }
    json(404, { error: 'not found' });
  });
  hubBase = await listen(hub);
  return {
    endpoint: hubBase,
    requests,
    fail: (prefix, ...statuses) => failures.push(...statuses.map((status) => ({ prefix, status }))),
    close: async () => {
      hub.closeAllConnections();
      cdn.closeAllConnections();
      await Promise.all([new Promise((r) => hub.close(r)), new Promise((r) => cdn.close(r))]);
    },
  };
}

// Chunked blob uploads of the OCI client (weights.md §13): the chunk plan, and the requests
// against an upload server of the test on 127.0.0.1 that checks every Content-Range against
// what it already holds (as distribution 3 does) and can refuse chunks with 416. The real
// registry is exercised in integration-tests/chunked-upload.test.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { chunkSize, openRegistry, planChunks } from './oci-client.ts';

const MiB = 1024 * 1024;

test('planChunks covers the blob with inclusive ranges', () => {
  assert.deepEqual(planChunks(10, 4), [
    { start: 0, end: 3 },
    { start: 4, end: 7 },
    { start: 8, end: 9 },
  ]);
  assert.deepEqual(planChunks(8, 4), [
    { start: 0, end: 3 },
    { start: 4, end: 7 },
  ]);
  assert.deepEqual(planChunks(0, 4), []);
  assert.throws(() => planChunks(10, 0), RangeError);
});

test('chunkSize: registry max less 64 KiB, else the default, never under the minimum', () => {
  const none = { minChunk: undefined, maxChunk: undefined };
  assert.equal(chunkSize(none, 96 * MiB), 96 * MiB);
  assert.equal(chunkSize({ ...none, maxChunk: 10 * MiB }, 96 * MiB), 10 * MiB - 64 * 1024);
  assert.equal(chunkSize({ ...none, maxChunk: 1024 }, 96 * MiB), 96 * MiB, 'a tiny max is ignored');
  assert.equal(chunkSize({ minChunk: 200 * MiB, maxChunk: undefined }, 96 * MiB), 200 * MiB);
});

interface Seen {
  method: string;
  path: string;
  range: string | undefined;
  length: number;
}

let server: Server;
let host = '';
const seen: Seen[] = [];
let refuseRanges = false;
/** The next chunk PATCH starting at this offset is cut off: the socket is destroyed. */
let dropAt: { offset: number; keep: number } | undefined;
let maxChunk: number | undefined;
const uploads = new Map<string, Buffer[]>();
const blobs = new Map<string, Buffer>();

before(async () => {
  let next = 0;
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => {
      const body = Buffer.concat(parts);
      const url = new URL(req.url ?? '/', 'http://x');
      const range = req.headers['content-range'];
      seen.push({ method: req.method ?? '', path: url.pathname, range, length: body.length });
      const blob = /^\/v2\/t\/r\/blobs\/(sha256:[a-f0-9]+)$/.exec(url.pathname);
      if (req.method === 'HEAD' && blob)
        return void res.writeHead(blobs.has(blob[1] ?? '') ? 200 : 404).end();
      if (req.method === 'POST' && url.pathname === '/v2/t/r/blobs/uploads/') {
        const id = `u${next++}`;
        uploads.set(id, []);
        return void res
          .writeHead(202, {
            location: `/v2/t/r/blobs/uploads/${id}`,
            ...(maxChunk === undefined ? {} : { 'oci-chunk-max-length': String(maxChunk) }),
          })
          .end();
      }
      const upload = /^\/v2\/t\/r\/blobs\/uploads\/(u\d+)$/.exec(url.pathname);
      const held = upload ? uploads.get(upload[1] ?? '') : undefined;
      if (upload && held && req.method === 'GET') {
        const have = held.reduce((n, b) => n + b.length, 0);
        return void res
          .writeHead(204, { range: `0-${Math.max(0, have - 1)}`, location: url.pathname })
          .end();
      }
      if (upload && held && req.method === 'PATCH') {
        const have = held.reduce((n, b) => n + b.length, 0);
        if (dropAt !== undefined && dropAt.offset === have && range !== undefined) {
          // A connection cut mid-chunk; `keep` bytes of it reached the registry's storage.
          if (dropAt.keep > 0) held.push(body.subarray(0, dropAt.keep));
          dropAt = undefined;
          return void req.socket.destroy();
        }
        if (range !== undefined) {
          const [start, end] = range.split('-').map(Number);
          if (refuseRanges || start !== have || end !== have + body.length - 1)
            return void res.writeHead(416).end();
        }
        held.push(body);
        // A fresh Location each time, as real registries do (the client must follow it).
        return void res
          .writeHead(202, { location: `${url.pathname}?state=${have + body.length}` })
          .end();
      }
      if (upload && held && req.method === 'PUT') {
        const bytes = Buffer.concat(held);
        const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
        if (digest !== url.searchParams.get('digest')) return void res.writeHead(400).end();
        blobs.set(digest, bytes);
        return void res.writeHead(201).end();
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

function blob(size: number): { bytes: Buffer; digest: string } {
  const bytes = randomBytes(size);
  return { bytes, digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}` };
}

async function push(
  bytes: Buffer,
  digest: string,
  env: NodeJS.ProcessEnv,
  attempts = 1,
): Promise<number[]> {
  const client = await openRegistry({ host, repository: 't/r' }, env, {
    attempts,
    retryBaseMs: 1,
  });
  const progress: number[] = [];
  try {
    await client.pushBlob({
      digest,
      size: bytes.length,
      // A stream per call, like a file read from its range.
      open: (range) =>
        Readable.from([range === undefined ? bytes : bytes.subarray(range.start, range.end + 1)]),
      onProgress: (sent) => progress.push(sent),
    });
  } finally {
    await client.close();
  }
  return progress;
}

test('above the threshold: PATCH per chunk with Content-Range, then PUT', async () => {
  seen.length = 0;
  refuseRanges = false;
  maxChunk = undefined;
  const { bytes, digest } = blob(10_000);
  const progress = await push(bytes, digest, {
    COG_PUSH_MULTIPART_THRESHOLD: '4096',
    COG_PUSH_DEFAULT_CHUNK_SIZE: '4000',
  });
  assert.ok(blobs.get(digest)?.equals(bytes));
  const patches = seen.filter((s) => s.method === 'PATCH');
  assert.deepEqual(
    patches.map((p) => [p.range, p.length]),
    [
      ['0-3999', 4000],
      ['4000-7999', 4000],
      ['8000-9999', 2000],
    ],
  );
  assert.equal(progress.at(-1), 10_000);
  assert.equal(seen.filter((s) => s.method === 'PUT').length, 1);
});

test('at or below the threshold: one PATCH without a range', async () => {
  seen.length = 0;
  const { bytes, digest } = blob(4096);
  await push(bytes, digest, { COG_PUSH_MULTIPART_THRESHOLD: '4096' });
  const patches = seen.filter((s) => s.method === 'PATCH');
  assert.deepEqual(
    patches.map((p) => [p.range, p.length]),
    [[undefined, 4096]],
  );
  assert.ok(blobs.get(digest)?.equals(bytes));
});

test('the registry maximum (less 64 KiB) sets the chunk size', async () => {
  seen.length = 0;
  maxChunk = 64 * 1024 + 3000;
  const { bytes, digest } = blob(7000);
  await push(bytes, digest, { COG_PUSH_MULTIPART_THRESHOLD: '1000' });
  maxChunk = undefined;
  assert.deepEqual(
    seen.filter((s) => s.method === 'PATCH').map((p) => p.range),
    ['0-2999', '3000-5999', '6000-6999'],
  );
});

test('a refused chunk (416) falls back to a new session with one PATCH', async () => {
  seen.length = 0;
  refuseRanges = true;
  const { bytes, digest } = blob(9000);
  await push(bytes, digest, {
    COG_PUSH_MULTIPART_THRESHOLD: '1000',
    COG_PUSH_DEFAULT_CHUNK_SIZE: '4000',
  });
  refuseRanges = false;
  assert.deepEqual(
    seen.filter((s) => s.method !== 'HEAD').map((s) => [s.method, s.range, s.length]),
    [
      ['POST', undefined, 0],
      ['PATCH', '0-3999', 4000],
      ['POST', undefined, 0],
      ['PATCH', undefined, 9000],
      ['PUT', undefined, 0],
    ],
  );
  assert.ok(blobs.get(digest)?.equals(bytes));
});

test('a connection dropped mid-chunk: the upload continues at the last confirmed chunk', async () => {
  seen.length = 0;
  const { bytes, digest } = blob(10_000);
  dropAt = { offset: 4000, keep: 0 };
  await push(
    bytes,
    digest,
    { COG_PUSH_MULTIPART_THRESHOLD: '1000', COG_PUSH_DEFAULT_CHUNK_SIZE: '4000' },
    3,
  );
  assert.equal(dropAt, undefined, 'the drop happened');
  assert.deepEqual(
    seen.filter((s) => s.method !== 'HEAD').map((s) => [s.method, s.range]),
    [
      ['POST', undefined],
      ['PATCH', '0-3999'],
      ['PATCH', '4000-7999'],
      ['GET', undefined],
      ['PATCH', '4000-7999'],
      ['PATCH', '8000-9999'],
      ['PUT', undefined],
    ],
  );
  assert.ok(blobs.get(digest)?.equals(bytes));
});

test('a drop that left part of a chunk behind restarts the upload in a new session', async () => {
  seen.length = 0;
  const { bytes, digest } = blob(10_000);
  dropAt = { offset: 4000, keep: 1000 };
  await push(
    bytes,
    digest,
    { COG_PUSH_MULTIPART_THRESHOLD: '1000', COG_PUSH_DEFAULT_CHUNK_SIZE: '4000' },
    3,
  );
  assert.deepEqual(
    seen.filter((s) => s.method !== 'HEAD').map((s) => [s.method, s.range]),
    [
      ['POST', undefined],
      ['PATCH', '0-3999'],
      ['PATCH', '4000-7999'],
      ['GET', undefined],
      ['POST', undefined],
      ['PATCH', '0-3999'],
      ['PATCH', '4000-7999'],
      ['PATCH', '8000-9999'],
      ['PUT', undefined],
    ],
  );
  assert.ok(blobs.get(digest)?.equals(bytes));
});

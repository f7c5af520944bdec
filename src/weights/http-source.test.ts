// HTTP weight sources against a server of the test on 127.0.0.1: the file is streamed into
// the store once, fingerprinted by a strong ETag (or its digest), redirects followed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { inventorySource } from './weight-source.ts';
import { WeightStore } from './weight-store.ts';

const BODY = Buffer.alloc(3 * 1024 * 1024, 7);
const digest = `sha256:${createHash('sha256').update(BODY).digest('hex')}`;
const dir = mkdtempSync(path.join(os.tmpdir(), 'cog-http-src-'));
let server: Server;
let base = '';
let gets = 0;

before(async () => {
  server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/e/model.bin') gets++;
    if (req.url === '/moved/model.bin')
      return void res.writeHead(302, { location: '/e/model.bin' }).end();
    if (req.url === '/e/model.bin')
      return void res
        .writeHead(200, { etag: '"v1"' })
        .end(req.method === 'HEAD' ? undefined : BODY);
    if (req.url === '/weak/model.bin')
      return void res
        .writeHead(200, { etag: 'W/"x"' })
        .end(req.method === 'HEAD' ? undefined : BODY);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('one GET, stored verified by content, ETag fingerprint, redirects followed', async () => {
  const store = new WeightStore(path.join(dir, 'store'));
  gets = 0;
  const inv = await inventorySource(`${base}/moved/model.bin`, dir, store);
  assert.equal(gets, 1);
  assert.deepEqual(
    inv.files.map((f) => [f.path, f.size, f.digest]),
    [['model.bin', BODY.length, digest]],
  );
  assert.equal(inv.fingerprint, 'etag:"v1"');
  assert.ok(readFileSync(store.filePath(digest)).equals(BODY));
  const weak = await inventorySource(`${base}/weak/model.bin`, dir, store);
  assert.equal(weak.fingerprint, digest, 'a weak ETag is ignored');
});

test('errors: HTTP status, no file name', async () => {
  const store = new WeightStore(path.join(dir, 'store'));
  await assert.rejects(inventorySource(`${base}/gone/model.bin`, dir, store), {
    message: `GET ${base}/gone/model.bin returned HTTP 404`,
  });
  await assert.rejects(inventorySource(`${base}/`, dir, store), {
    message: `HTTP URI "${base}/" has no filename in path`,
  });
});

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  decodeDataUrl,
  fileNameFor,
  goJson,
  indexedPath,
  resolveOutputPath,
  writeDataUrl,
  writeOutputFile,
} from './output-writer.ts';

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

test('decodeDataUrl', () => {
  assert.deepEqual(decodeDataUrl('data:image/png;base64,aGk='), {
    mimeType: 'image/png',
    bytes: Buffer.from('hi'),
  });
  assert.deepEqual(decodeDataUrl('data:None;base64,aGk='), {
    mimeType: 'text/plain',
    bytes: Buffer.from('hi'),
  });
  assert.deepEqual(decodeDataUrl('data:text/plain,a%20b'), {
    mimeType: 'text/plain',
    bytes: Buffer.from('a b'),
  });
  assert.throws(() => decodeDataUrl('nocomma'), /Failed to split data URL into 2 parts/);
});

test('fileNameFor: keep a real extension, add the MIME one otherwise', () => {
  const rows: Array<[string, string, string]> = [
    ['output', 'image/png', 'output.png'],
    ['out.jpg', 'image/png', 'out.jpg'],
    ['output.0', 'image/png', 'output.0.png'],
    ['output', 'application/x-unknown', 'output'],
    ['output', 'text/plain', 'output.txt'],
  ];
  for (const [dest, mime, want] of rows)
    assert.equal(fileNameFor(dest, mime), want, `${dest} ${mime}`);
});

test('indexedPath', () => {
  assert.equal(indexedPath('output', 2), 'output.2');
  assert.equal(indexedPath('/x/out.png', 0), '/x/out.0.png');
});

test('goJson sorts keys and escapes like Go', () => {
  assert.equal(goJson({ b: 1, a: '<&>' }), '{\n  "a": "\\u003c\\u0026\\u003e",\n  "b": 1\n}');
  assert.equal(goJson([{ z: 1, y: { d: 1, c: 2 } }], ''), '[{"y":{"c":2,"d":1},"z":1}]');
});

test('resolveOutputPath and writeDataUrl', async () => {
  const dir = tempDir('cog-out-');
  assert.deepEqual(await resolveOutputPath(undefined, { json: false, cwd: dir }), {
    path: path.join(dir, 'output'),
    explicit: false,
  });
  assert.deepEqual(await resolveOutputPath(undefined, { json: true, cwd: dir }), {
    path: path.join(dir, 'output.json'),
    explicit: false,
  });
  assert.deepEqual(await resolveOutputPath('@res.png', { json: false, cwd: dir }), {
    path: path.join(dir, 'res.png'),
    explicit: true,
  });
  mkdirSync(path.join(dir, 'sub'));
  assert.deepEqual(await resolveOutputPath('sub', { json: false, cwd: dir }), {
    path: path.join(dir, 'sub', 'output'),
    explicit: true,
  });
  await assert.rejects(
    resolveOutputPath('/nonexistent-dir/x', { json: false, cwd: dir }),
    /Output path is not writable: Output directory is not writable: \/nonexistent-dir/,
  );
  const written = await writeDataUrl('data:image/png;base64,aGk=', path.join(dir, 'output'));
  assert.equal(written, path.join(dir, 'output.png'));
  assert.equal(readFileSync(written, 'utf8'), 'hi');
  mkdirSync(path.join(dir, 'output.txt'));
  await assert.rejects(
    writeDataUrl('data:text/plain;base64,aGk=', path.join(dir, 'output')),
    /conflicts with directory, provide --output/,
  );
});

test('writeOutputFile downloads an http(s) file output; a failure leaves no file', async () => {
  const server = http.createServer((req, res) => {
    if (req.url === '/o/cat.png') {
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.end('png-bytes');
    } else if (req.url === '/o/blob.bin') {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      res.end('raw');
    } else if (req.url === '/o/cut.txt') {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '100' });
      res.write('short', () => res.destroy());
    } else {
      res.writeHead(403);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const dir = tempDir('cog-out-url-');
    const png = await writeOutputFile(`${base}/o/cat.png`, path.join(dir, 'output'));
    assert.equal(png, path.join(dir, 'output.png'));
    assert.equal(readFileSync(png, 'utf8'), 'png-bytes');
    const bin = await writeOutputFile(`${base}/o/blob.bin`, path.join(dir, 'output.1'));
    assert.equal(path.basename(bin), 'output.1.bin');
    assert.equal(
      path.basename(await writeOutputFile('data:text/plain;base64,aGk=', path.join(dir, 'd'))),
      'd.txt',
    );
    await assert.rejects(
      writeOutputFile(`${base}/o/secret.png?sig=SECRET`, path.join(dir, 'x')),
      (e: Error) =>
        e.message === `Failed to download output ${base}/o/secret.png: HTTP 403` &&
        (e as Error & { code: string }).code === 'OUTPUT_DOWNLOAD',
    );
    await assert.rejects(writeOutputFile(`${base}/o/cut.txt`, path.join(dir, 'cut')), /cut\.txt/);
    assert.equal(existsSync(path.join(dir, 'cut.txt')), false, 'no partial file');
    assert.deepEqual(readdirSync(dir).sort(), ['d.txt', 'output.1.bin', 'output.png']);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

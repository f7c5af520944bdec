// Reading the Swagger UI files: the bundled layout (`<dir>/<name>.gz`, as scripts/build.ts writes
// it beside coglet.mjs) in a temp dir, a missing directory, and the gzip bytes the build writes.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import {
  gzipSwaggerUiFile,
  SWAGGER_UI_DIR,
  SWAGGER_UI_FILES,
  swaggerAssetReader,
  swaggerUiDistDir,
  type SwaggerAsset,
} from './swagger-ui-assets.ts';

const temp = mkdtempSync(path.join(os.tmpdir(), 'cog-swagger-ui-'));
after(() => rmSync(temp, { recursive: true, force: true }));

const NAMES = Object.keys(SWAGGER_UI_FILES);

/** A bundle's directory as the build lays it out: coglet.mjs and swagger-ui/<name>.gz. */
function bundledLayout(name: string): string {
  const dir = path.join(temp, name, SWAGGER_UI_DIR);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(temp, name, 'coglet.mjs'), '');
  for (const file of NAMES)
    writeFileSync(path.join(dir, `${file}.gz`), gzipSwaggerUiFile(swaggerUiDistDir(), file));
  return dir;
}

function asset(value: ReturnType<ReturnType<typeof swaggerAssetReader>>): SwaggerAsset {
  assert.ok(value !== undefined && !('missing' in value), JSON.stringify(value));
  return value;
}

test('the gzip the build writes is deterministic: no mtime, no file name in the header', () => {
  for (const name of NAMES) {
    const gz = gzipSwaggerUiFile(swaggerUiDistDir(), name);
    assert.deepEqual([...gz.subarray(0, 3)], [0x1f, 0x8b, 8], name);
    assert.equal(gz[3], 0, `${name}: no FNAME/FEXTRA/FCOMMENT flags`);
    assert.equal(gz.readUInt32LE(4), 0, `${name}: mtime 0`);
    assert.ok(gz.equals(gzipSwaggerUiFile(swaggerUiDistDir(), name)), name);
    assert.ok(gunzipSync(gz).equals(readFileSync(path.join(swaggerUiDistDir(), name))), name);
  }
});

test('bundled: the .gz files are served as they are, with the same ETag as from source', () => {
  const bundled = swaggerAssetReader({ gzippedDir: bundledLayout('bundled') });
  const fromSource = swaggerAssetReader({ distDir: swaggerUiDistDir() });
  for (const name of NAMES) {
    const got = asset(bundled(name));
    const expected = asset(fromSource(name));
    assert.equal(got.contentType, SWAGGER_UI_FILES[name]);
    assert.ok(got.gzipped.equals(expected.gzipped), name);
    assert.equal(got.etag, expected.etag);
    assert.match(got.etag, /^"[\w-]{22}"$/);
  }
});

test('bundled: each file is read on its first request only', () => {
  const dir = bundledLayout('read-once');
  const lookup = swaggerAssetReader({ gzippedDir: dir });
  const first = asset(lookup('swagger-ui.css'));
  // Files that change or vanish after the first read do not change what is served.
  rmSync(dir, { recursive: true });
  assert.equal(asset(lookup('swagger-ui.css')), first);
  assert.ok('missing' in (lookup('swagger-ui-bundle.js') ?? {}), 'not read before its request');
});

test('bundled without its directory: each name is missing, saying which file and why', () => {
  const dir = path.join(temp, 'no-such-bundle', SWAGGER_UI_DIR);
  const lookup = swaggerAssetReader({ gzippedDir: dir });
  for (const name of NAMES) {
    assert.deepEqual(lookup(name), {
      missing: `Swagger UI file ${path.join(dir, `${name}.gz`)} cannot be read (ENOENT)`,
    });
  }
});

test('names outside the list are not looked up at all (no traversal, no prototype keys)', () => {
  const lookup = swaggerAssetReader({ gzippedDir: path.join(temp, 'none') });
  for (const name of ['index.html', '../package.json', 'toString', '__proto__', ''])
    assert.equal(lookup(name), undefined, name);
});

// GET /docs and its Swagger UI assets, served by the real runtime with a Python predictor; and
// the page's own script (the request examples it derives from the schema), run in a VM context.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import vm from 'node:vm';
import { gunzipSync } from 'node:zlib';
import { startTestRuntime, type TestRuntime } from '../runtime-test-harness.ts';
import { DOCS_PAGE } from './docs-page.ts';
import { acceptsGzip } from './routes.ts';
import { swaggerUiDistDir } from './swagger-ui-assets.ts';

const RUNNER = `
from typing import Optional
from cog import BaseRunner, Input

class Runner(BaseRunner):
    def run(
        self,
        text: str = Input(description="Who or what to greet"),
        n: int = Input(default=2, ge=1),
        mode: str = Input(default="fast", choices=["fast", "slow"]),
        note: Optional[str] = None,
    ) -> str:
        return text * n
`;

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** node:http, so that no client decompresses behind the test's back. */
function get(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
      })
      .on('error', reject);
  });
}

describe('GET /docs', () => {
  let rt: TestRuntime;
  before(async () => {
    rt = await startTestRuntime({ files: { 'run.py': RUNNER } });
  });
  after(() => rt.close());

  test('the page loads Swagger UI from this server by relative URLs, no CDN', async () => {
    const page = await get(`${rt.url}/docs`);
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    const html = page.body.toString('utf8');
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(urls, ['data:,', 'docs/swagger-ui.css', 'docs/swagger-ui-bundle.js']);
    assert.doesNotMatch(html, /unpkg|jsdelivr|cdnjs|googleapis|<script src="http/);
  });

  test('assets are sent gzipped to clients that accept gzip, identical to swagger-ui-dist', async () => {
    for (const name of ['swagger-ui-bundle.js', 'swagger-ui.css']) {
      const original = readFileSync(path.join(swaggerUiDistDir(), name));
      const gz = await get(`${rt.url}/docs/${name}`, { 'Accept-Encoding': 'gzip, br' });
      assert.equal(gz.status, 200);
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.ok(gz.body.length < original.length / 2, `${name}: ${gz.body.length} bytes`);
      assert.ok(gunzipSync(gz.body).equals(original), name);
      const plain = await get(`${rt.url}/docs/${name}`);
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.ok(plain.body.equals(original), name);
      assert.equal(plain.headers.etag, gz.headers.etag);
      assert.match(
        String(plain.headers['content-type']),
        name.endsWith('.js') ? /javascript/ : /css/,
      );
    }
  });

  test('a cached asset is revalidated by its ETag (304, no body)', async () => {
    const first = await get(`${rt.url}/docs/swagger-ui.css`);
    const again = await get(`${rt.url}/docs/swagger-ui.css`, {
      'If-None-Match': String(first.headers.etag),
    });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
  });

  test('only the bundled files are served: other names and traversal are 404', async () => {
    for (const name of ['index.html', 'swagger-initializer.js', '..%2Fpackage.json', 'toString']) {
      const res = await get(`${rt.url}/docs/${name}`);
      assert.equal(res.status, 404, name);
      assert.deepEqual(JSON.parse(res.body.toString('utf8')), { detail: 'Not Found' });
    }
  });

  test("the page's request example is the model's inputs: defaults, placeholders for required", async () => {
    const doc = JSON.parse((await get(`${rt.url}/openapi.json`)).body.toString('utf8')) as Doc;
    const spec = await runPageScript(doc);
    const media = spec.paths['/predictions']?.post?.requestBody?.content['application/json'];
    assert.deepEqual(media?.example, { input: { text: 'string', n: 2, mode: 'fast' } });
    const put = spec.paths['/predictions/{prediction_id}']?.put?.requestBody?.content;
    assert.deepEqual(put?.['application/json']?.example, media?.example);
  });
});

interface Doc {
  paths: Record<
    string,
    Record<string, { requestBody?: { content: Record<string, { example?: unknown }> } }>
  >;
}

/** Runs the page's inline script against a document and returns the spec it hands to Swagger UI. */
async function runPageScript(doc: Doc): Promise<Doc> {
  const script = [...DOCS_PAGE.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  assert.equal(script.length, 1);
  let resolveSpec!: (spec: Doc) => void;
  const spec = new Promise<Doc>((resolve) => (resolveSpec = resolve));
  const context = vm.createContext({
    fetch: async () => ({ ok: true, json: async () => structuredClone(doc) }),
    document: { getElementById: () => ({ hidden: true }) },
    window: {},
    SwaggerUIBundle: (options: { spec: Doc }) => resolveSpec(options.spec),
  });
  vm.runInContext(script[0] ?? '', context);
  // Objects made inside the VM have its prototypes: compare plain copies.
  return JSON.parse(JSON.stringify(await spec)) as Doc;
}

test('acceptsGzip', () => {
  const rows: [string | undefined, boolean][] = [
    [undefined, false],
    ['', false],
    ['gzip', true],
    ['deflate, gzip;q=1.0, br', true],
    ['GZIP', true],
    ['gzip;q=0', false],
    ['gzip; q=0.000', false],
    ['gzip;q=0.5', true],
    ['*', true],
    ['br, deflate', false],
  ];
  for (const [header, expected] of rows)
    assert.equal(acceptsGzip(header), expected, String(header));
});

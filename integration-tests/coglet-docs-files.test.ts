// The built server (dist/coglet.mjs) reads the Swagger UI files of GET /docs from swagger-ui/
// beside itself, as installed in an image: copied with that directory it serves them (the
// bytes the build wrote, identical to swagger-ui-dist once gunzipped); copied without it,
// /docs/<asset> is a 404 that says which file is missing, with a warning, and the rest works.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { repoRoot } from './lib/cog-cli.ts';

const PYTHON = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
  encoding: 'utf8',
}).trim();
const RUNNER =
  'from cog import BaseRunner\n\nclass Runner(BaseRunner):\n    def run(self) -> str:\n        return "hi"\n';
const dist = path.join(repoRoot, 'dist');
const temp = mkdtempSync(path.join(os.tmpdir(), 'cog-docs-files-'));
after(() => rmSync(temp, { recursive: true, force: true }));

interface Served {
  url: string;
  log: () => string;
  stop: () => Promise<void>;
}

/** Runs `<lib>/coglet.mjs` on a free port with a trivial predictor; resolves once READY. */
async function serve(lib: string): Promise<Served> {
  const model = mkdtempSync(path.join(temp, 'model-'));
  writeFileSync(path.join(model, 'run.py'), RUNNER);
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(lib, 'coglet.mjs'), '--host', '127.0.0.1'],
    {
      cwd: model,
      env: {
        PATH: process.env.PATH,
        PYTHONPATH: path.join(repoRoot, 'python'),
        COG_PYTHON: PYTHON,
        COG_PREDICT_TYPE_STUB: 'run.py:Runner',
        PORT: '0',
        COG_LOG_LEVEL: 'debug',
        LOG_FORMAT: 'console',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout?.on('data', (c: Buffer) => (text += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (text += c.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const port = /listening on [^\s]+:(\d+)/.exec(text)?.[1];
    const status =
      port === undefined
        ? 'DOWN'
        : await fetch(`http://127.0.0.1:${port}/health-check`)
            .then(async (r) => ((await r.json()) as { status: string }).status)
            .catch(() => 'DOWN');
    if (status === 'READY') {
      return {
        url: `http://127.0.0.1:${port}`,
        log: () => text,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      assert.fail(`coglet.mjs did not start:\n${text}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('installed with swagger-ui/: the assets are the files the build wrote', async () => {
  const lib = path.join(temp, 'with');
  mkdirSync(lib);
  cpSync(path.join(dist, 'coglet.mjs'), path.join(lib, 'coglet.mjs'));
  cpSync(path.join(dist, 'swagger-ui'), path.join(lib, 'swagger-ui'), { recursive: true });
  const server = await serve(lib);
  try {
    for (const name of ['swagger-ui-bundle.js', 'swagger-ui.css']) {
      const gz = readFileSync(path.join(lib, 'swagger-ui', `${name}.gz`));
      const original = readFileSync(path.join(repoRoot, 'node_modules/swagger-ui-dist', name));
      assert.ok(gunzipSync(gz).equals(original), name);
      // fetch decompresses: what it gets must be the original file.
      const response = await fetch(`${server.url}/docs/${name}`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-encoding'), 'gzip');
      assert.ok(Buffer.from(await response.arrayBuffer()).equals(original), name);
    }
  } finally {
    await server.stop();
  }
});

test('installed without swagger-ui/: a 404 naming the missing file, a warning, no crash', async () => {
  const lib = path.join(temp, 'without');
  mkdirSync(lib);
  cpSync(path.join(dist, 'coglet.mjs'), path.join(lib, 'coglet.mjs'));
  const server = await serve(lib);
  try {
    const missing = path.join(lib, 'swagger-ui', 'swagger-ui.css.gz');
    const response = await fetch(`${server.url}/docs/swagger-ui.css`);
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), {
      detail: `Swagger UI file ${missing} cannot be read (ENOENT)`,
    });
    assert.equal((await fetch(`${server.url}/docs`)).status, 200);
    assert.equal((await fetch(`${server.url}/openapi.json`)).status, 200);
    assert.match(
      server.log(),
      /coglet: GET \/docs: Swagger UI file .* cannot be read \(ENOENT\)\n/,
    );
  } finally {
    await server.stop();
  }
});

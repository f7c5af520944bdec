// TypeScript predictors end to end: examples/hello-typescript builds FROM the Node image with
// no Python inside, its schema (from the types) lands in the label, `cog run -i` answers and
// rejects out-of-bounds input; examples/streaming-typescript under `cog serve` serves the HTTP
// API: schema, 422, SSE streaming, cancel; a Path input/output model round-trips a file; a type
// the schema cannot express fails `cog build` with file:line:col before any Docker work.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { execa } from 'execa';
import { cog, spawnCog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers, imageLabels } from './lib/docker-checks.ts';
import { copyExample, inlineProject, removeImages, type TempProject } from './lib/project.ts';

const IMAGE = 'cog-it-hello-typescript';
let hello: TempProject;

before(async () => {
  hello = await copyExample('hello-typescript');
});
after(async () => {
  await hello.dispose();
  await removeImages([IMAGE]);
  await assertNoLeftoverContainers();
});

test('cog build: FROM the Node image, no Python, the schema from the types in the label', async () => {
  const result = await cog(['build', '-t', IMAGE], { cwd: hello.dir });
  assert.equal(result.exitCode, 0, result.stderr);
  const labels = await imageLabels(IMAGE);
  const schema = JSON.parse(labels['run.cog.openapi_schema'] ?? '{}') as {
    components: { schemas: { Input: { properties: Record<string, Record<string, unknown>> } } };
  };
  assert.deepEqual(schema.components.schemas.Input.properties.times, {
    'x-order': 1,
    title: 'Times',
    type: 'integer',
    default: 1,
    description: 'How many times to greet.',
    minimum: 1,
    maximum: 5,
  });
  const python = await execa(
    'docker',
    ['run', '--rm', '--entrypoint', 'sh', IMAGE, '-c', 'command -v python python3 || echo none'],
    { reject: false },
  );
  assert.equal(python.stdout.trim(), 'none');
  await assertNoLeftoverContainers();
});

test('cog run -i: typed inputs with defaults; out-of-bounds input is rejected', async () => {
  const ok = await cog(['run', '-i', 'name=ts', '-i', 'times=2', '-i', 'tone=excited'], {
    cwd: hello.dir,
  });
  assert.equal(ok.exitCode, 0, ok.stderr);
  assert.equal(ok.stdout, 'hello ts!\nhello ts!\n');
  assert.match(ok.stderr, /setup done/);
  const bad = await cog(['run', '-i', 'times=9'], { cwd: hello.dir });
  assert.notEqual(bad.exitCode, 0);
  assert.match(bad.stderr, /times/);
  await assertNoLeftoverContainers();
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitReady(base: string): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${base}/health-check`);
      if (((await response.json()) as { status: string }).status === 'READY') return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.fail('server did not become ready');
}

test('cog serve of a streaming TypeScript model: schema, 422, SSE, cancel', async () => {
  const project = await copyExample('streaming-typescript');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawnCog(['serve', '-p', String(port)], { cwd: project.dir });
  try {
    await waitReady(base);
    const schema = (await (await fetch(`${base}/openapi.json`)).json()) as {
      paths: Record<string, { post?: Record<string, unknown> }>;
      components: { schemas: { Output: Record<string, unknown> } };
    };
    assert.equal(schema.paths['/predictions']?.post?.['x-cog-streaming'], true);
    assert.equal(schema.components.schemas.Output['x-cog-array-display'], 'concatenate');

    const invalid = await fetch(`${base}/predictions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ input: { delay_ms: -1 } }),
    });
    assert.equal(invalid.status, 422);

    const sse = await fetch(`${base}/predictions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ input: { text: 'a b c', delay_ms: 10 } }),
    });
    const events = await sse.text();
    const chunks = [...events.matchAll(/event: output\ndata: (.*)\n/g)].map(
      (m) => (JSON.parse(m[1] ?? '{}') as { chunk: string }).chunk,
    );
    assert.deepEqual(chunks, ['a', ' b', ' c']);
    assert.match(events, /event: completed\n/);

    // A sync PUT answers with the final envelope once the prediction ends.
    const running = fetch(`${base}/predictions/slow`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ input: { text: 'x y z', delay_ms: 2000 } }),
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const cancel = await fetch(`${base}/predictions/slow/cancel`, { method: 'POST' });
    assert.equal(cancel.status, 200);
    const final = (await (await running).json()) as { status: string; output: unknown };
    assert.deepEqual([final.status, final.output], ['canceled', ['x']]);
    const health = (await (await fetch(`${base}/health-check`)).json()) as { status: string };
    assert.equal(health.status, 'READY');
  } finally {
    child.kill('SIGINT');
    await child;
    await project.dispose();
  }
  await assertNoLeftoverContainers();
});

test('a Path input and a Path output round-trip a file', async () => {
  const project = await inlineProject('ts-files', {
    'cog.yaml': 'run: "run.ts:run"\n',
    'input.txt': 'hello\nworld\n',
    'run.ts': [
      "import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';",
      "import { path, type Path } from 'cog-sdk';",
      '',
      'export function run(input: { file: Path; prefix?: string }): Path {',
      "  const dir = mkdtempSync('out-');",
      "  const text = readFileSync(input.file, 'utf8').toUpperCase();",
      "  writeFileSync(`${dir}/out.txt`, text.split('\\n').map((l) => (input.prefix ?? '') + l).join('\\n'));",
      '  return path(`${dir}/out.txt`);',
      '}',
      '',
    ].join('\n'),
  });
  try {
    const result = await cog(['run', '-i', 'file=@input.txt', '-i', 'prefix=> ', '-o', 'out.txt'], {
      cwd: project.dir,
    });
    assert.equal(result.exitCode, 0, result.stderr);
    const { readFile } = await import('node:fs/promises');
    assert.equal(await readFile(`${project.dir}/out.txt`, 'utf8'), '> HELLO\n> WORLD\n> ');
  } finally {
    await project.dispose();
  }
  await assertNoLeftoverContainers();
});

test('an input type the schema cannot express fails cog build with file:line:col, before Docker', async () => {
  const project = await inlineProject('ts-bad-type', {
    'cog.yaml': 'run: "run.ts:run"\n',
    'run.ts':
      'export function run(input: { when: Map<string, number> }): string {\n  return "";\n}\n',
  });
  try {
    const result = await cog(['build', '-t', 'cog-it-ts-bad-type'], { cwd: project.dir });
    assert.notEqual(result.exitCode, 0);
    assert.match(result.stderr, /run\.ts:1:\d+/);
    assert.match(result.stderr, /when/);
  } finally {
    await project.dispose();
  }
  await assertNoLeftoverContainers();
});

test('package.json dependencies are installed with npm ci into the image', async () => {
  const project = await inlineProject('js-deps', {
    'cog.yaml': 'run: "run.mjs:run"\n',
    'package.json': `${JSON.stringify({ name: 'js-deps', version: '1.0.0', private: true, dependencies: { ms: '2.1.3' } })}\n`,
    'package-lock.json': `${JSON.stringify({
      name: 'js-deps',
      version: '1.0.0',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'js-deps', version: '1.0.0', dependencies: { ms: '2.1.3' } },
        'node_modules/ms': {
          version: '2.1.3',
          integrity:
            'sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==',
          license: 'MIT',
        },
      },
    })}\n`,
    'run.mjs': [
      "import ms from 'ms';",
      "export const inputs = { span: { type: 'string', default: '2 days' } };",
      "export const output = { type: 'integer' };",
      'export const run = ({ span }) => ms(span);',
      '',
    ].join('\n'),
  });
  try {
    const result = await cog(['run', '-i', 'span=1h'], { cwd: project.dir });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stdout, '3600000\n');
  } finally {
    await project.dispose();
  }
  await assertNoLeftoverContainers();
});

test('cog train, cog exec and cog debug work for a TypeScript model', async () => {
  const project = await inlineProject('ts-train', {
    'cog.yaml': 'train: "train.ts:train"\n',
    'train.ts': [
      'export function train(input: { steps: number }): { weights: string; steps: number } {',
      "  return { weights: 'w'.repeat(input.steps), steps: input.steps };",
      '}',
      '',
    ].join('\n'),
  });
  try {
    const debug = await cog(['debug'], { cwd: project.dir });
    assert.equal(debug.exitCode, 0, debug.stderr);
    assert.match(debug.stdout, /^FROM node:24-slim$/m);
    // The server's V8 flags (SERVER_NODE_FLAGS) come before the bundle.
    assert.match(
      debug.stdout,
      /^CMD \["node", (?:"--[a-z-]+(?:=\d+)?", )+"\/usr\/local\/lib\/cog\/coglet.mjs"\]$/m,
    );
    const trained = await cog(['train', '-i', 'steps=3'], { cwd: project.dir });
    assert.equal(trained.exitCode, 0, trained.stderr);
    assert.match(trained.stderr, /Written output to: weights/);
    const { readFile } = await import('node:fs/promises');
    assert.deepEqual(JSON.parse(await readFile(`${project.dir}/weights`, 'utf8')), {
      weights: 'www',
      steps: 3,
    });
    const exec = await cog(['exec', 'node', '-e', 'console.log(process.version)'], {
      cwd: project.dir,
    });
    assert.equal(exec.exitCode, 0, exec.stderr);
    assert.match(exec.stdout, /^v24\./m);
  } finally {
    await project.dispose();
  }
  await assertNoLeftoverContainers();
});

test('cog push of a TypeScript model uploads it with its labels', async (t) => {
  const registry = process.env.COG_TEST_REGISTRY ?? '127.0.0.1:5100';
  const up = await fetch(`http://${registry}/v2/`).then(
    (r) => r.ok,
    () => false,
  );
  if (!up) return t.skip(`no registry at ${registry} (integration-tests/registry.sh start)`);
  const name = `cog-it/ts-push-${process.pid}`;
  const target = `${registry}/${name}:v1`;
  let digest: string | undefined;
  try {
    const result = await cog(['push', target], { cwd: hello.dir });
    assert.equal(result.exitCode, 0, result.stderr);
    digest = /@(sha256:[0-9a-f]{64})/.exec(result.stderr)?.[1];
    assert.ok(digest !== undefined, result.stderr);
    const tags = (await (await fetch(`http://${registry}/v2/${name}/tags/list`)).json()) as {
      tags: string[];
    };
    assert.deepEqual(tags.tags, ['v1']);
    const labels = await imageLabels(target);
    assert.match(labels['run.cog.openapi_schema'] ?? '', /"Times"/);
  } finally {
    if (digest !== undefined)
      await fetch(`http://${registry}/v2/${name}/manifests/${digest}`, { method: 'DELETE' });
    await removeImages([target]);
  }
  await assertNoLeftoverContainers();
});

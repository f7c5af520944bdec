// Black-box tests of the shipped bundle dist/cog.mjs (built by `npm run build`, which
// `npm test` runs first): a real process, real exit codes, real stdout/stderr.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cog = path.join(root, 'dist', 'cog.mjs');
const skip = existsSync(cog) ? false : 'dist/cog.mjs is missing; run npm run build';

function runCog(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, [cog, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], NO_COLOR: '1' },
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('cog --version', { skip }, () => {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  const { code, stdout, stderr } = runCog(['--version']);
  assert.equal(code, 0);
  // The build time is the commit date (scripts/build.ts), an ISO timestamp.
  assert.match(
    stdout,
    new RegExp(
      `^cog version ${pkg.version.replaceAll('.', '\\.')} \\(built \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\)\\n$`,
    ),
  );
  assert.equal(stderr, '');
});

test('cog --version loads almost nothing: the statically imported code is tiny', { skip }, () => {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    // Static imports only; `import("...")` chunks load lazily.
    for (const match of text.matchAll(/^(?:import|export)\s[^;(]*?["'](\.[^"']+)["']/gm)) {
      visit(path.resolve(path.dirname(file), match[1] as string));
    }
  };
  visit(cog);
  const bytes = [...seen].reduce((sum, file) => sum + statSync(file).size, 0);
  assert.ok(bytes < 20_000, `eagerly loaded ${bytes} bytes in ${seen.size} files`);
});

test(
  'dockerode loads in the ESM bundle: a dead daemon is one clear error, not a crash',
  { skip },
  () => {
    // ssh2 (under dockerode) reads __dirname while loading; the bundle banner provides it.
    const result = spawnSync(process.execPath, [cog, 'build'], {
      cwd: root,
      encoding: 'utf8',
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        NO_COLOR: '1',
        DOCKER_HOST: 'unix:///nonexistent/cog-bundle-test.sock',
      },
      timeout: 30_000,
    });
    assert.equal(result.status, 1, result.stderr);
    assert.match(
      result.stderr,
      /^error pinging docker daemon: Cannot connect to the Docker daemon/,
    );
    assert.doesNotMatch(result.stderr, /__dirname|ReferenceError/);
  },
);

test('no bundle file puts __dirname on globalThis', { skip }, () => {
  const chunks = path.join(root, 'dist', 'chunks');
  const files = [cog, ...readdirSync(chunks).map((name) => path.join(chunks, name))];
  for (const file of files) {
    assert.doesNotMatch(
      readFileSync(file, 'utf8'),
      /globalThis\)?\.__dirname|\.__dirname \?\?=/,
      file,
    );
  }
});

test('cog with no arguments prints help, exit 0', { skip }, () => {
  const { code, stdout } = runCog([]);
  assert.equal(code, 0);
  assert.match(stdout, /^Usage: cog \[options\] \[command\]/);
});

test('an unknown command: one error on stderr, exit 1', { skip }, () => {
  const { code, stdout, stderr } = runCog(['frobnicate']);
  assert.equal(code, 1);
  assert.equal(stdout, '');
  assert.match(stderr, /^unknown command "frobnicate" for "cog"\n/);
});

test('cog init writes the starter project; a second run skips every file', { skip }, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'cog-bundle-'));
  try {
    const first = runCog(['init'], dir);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /Creating run\.py\n/);
    assert.match(await readFile(path.join(dir, 'cog.yaml'), 'utf8'), /^run: "run\.py:Runner"$/m);
    const second = runCog(['init'], dir);
    assert.equal(second.code, 0);
    assert.match(second.stderr, /Skipped existing cog\.yaml\n/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a broken cog.yaml: file:line:col error, exit 1', { skip }, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'cog-bundle-'));
  try {
    await writeFile(
      path.join(dir, 'cog.yaml'),
      'build:\n  python_version: "3.13"\n  gpu: maybe\nrun: "run.py:Runner"\n',
    );
    const { code, stdout, stderr } = runCog(['debug'], dir);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /^cog\.yaml:3:\d+: /);
    assert.doesNotMatch(stderr, /\n\s+at /);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('cog debug prints a Dockerfile for an example project', { skip }, () => {
  const { code, stdout } = runCog(['debug'], path.join(root, 'examples', 'hello-world'));
  assert.equal(code, 0);
  assert.match(stdout, /^FROM /m);
  assert.match(stdout, /^CMD \["python", "-m", "cog\.server\.http"\]$/m);
});

// A load hook that fails the process if commander's chunk (chunks/run-cli.mjs) is loaded.
const refuseRunCli = `data:text/javascript,${encodeURIComponent(`
import { registerHooks } from 'node:module';
registerHooks({
  load(url, context, next) {
    if (url.endsWith('/chunks/run-cli.mjs')) throw new Error('loaded run-cli.mjs');
    return next(url, context);
  },
});`)}`;

test(
  'cog debug with its own flags does not load commander (src/cli/fast-path.ts)',
  { skip },
  () => {
    const cwd = path.join(root, 'examples', 'hello-world');
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['--import', refuseRunCli, cog, ...args], {
        cwd,
        encoding: 'utf8',
        env: { PATH: process.env['PATH'], HOME: process.env['HOME'], NO_COLOR: '1' },
        timeout: 30_000,
      });
    for (const args of [['debug'], ['debug', '-f', 'cog.yaml'], ['debug', '--file=cog.yaml']]) {
      const result = run(args);
      assert.equal(result.status, 0, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stdout, /^CMD \["python", "-m", "cog\.server\.http"\]$/m);
    }
    // The hook does catch commander's path.
    const global = run(['debug', '--no-color']);
    assert.notEqual(global.status, 0);
    assert.match(global.stderr, /loaded run-cli\.mjs/);
  },
);

test('cog predict warns first, then behaves as cog run', { skip }, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'cog-bundle-'));
  try {
    const { code, stderr } = runCog(['predict'], dir);
    assert.equal(code, 1);
    assert.ok(stderr.startsWith('"cog predict" is deprecated, use "cog run"\n'), stderr);
    const run = runCog(['run'], dir);
    assert.equal(run.code, 1);
    assert.doesNotMatch(run.stderr, /deprecated/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('cog playground serves until SIGINT, then exits 0', { skip }, async () => {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [cog, 'playground', '--no-open', '-p', '0'], {
    env: { PATH: process.env['PATH'], NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stderr.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const match =
          /Cog playground running at (http:\/\/127\.0\.0\.1:\d+\/)\nPress Ctrl\+C to stop\.\n/.exec(
            text,
          );
        if (match) resolve(match[1] as string);
      });
      child.on('exit', () => reject(new Error(`exited early: ${text}`)));
    });
    const config = (await (await fetch(`${url}config`)).json()) as { target: string };
    assert.equal(config.target, 'http://localhost:8393');
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    child.kill('SIGINT');
    assert.equal(await exited, 0);
  } finally {
    child.kill('SIGKILL');
  }
});

test(
  'the bundle reads the schema from the Python source without node_modules: a bad -i fails before Docker, on a first run',
  { skip },
  async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cog-bundle-static-'));
    try {
      // dist/ alone, as shipped: the parser's wasm files must come with it.
      await cp(path.join(root, 'dist'), path.join(dir, 'dist'), { recursive: true });
      const project = path.join(dir, 'project');
      await mkdir(project);
      await writeFile(
        path.join(project, 'cog.yaml'),
        'build:\n  python_version: "3.11"\nrun: "run.py:Runner"\n',
      );
      await writeFile(
        path.join(project, 'run.py'),
        'from cog import BaseRunner, Input\nfrom models import Out\n\nclass Runner(BaseRunner):\n' +
          '    def run(self, n: int = Input(ge=1), name: str = "x") -> Out:\n        ...\n',
      );
      await writeFile(
        path.join(project, 'models.py'),
        'from cog import BaseModel\n\nclass Out(BaseModel):\n    a: int\n',
      );
      const run = (...args: string[]) =>
        spawnSync(process.execPath, [path.join(dir, 'dist', 'cog.mjs'), 'run', ...args], {
          cwd: project,
          encoding: 'utf8',
          env: {
            PATH: process.env['PATH'],
            HOME: process.env['HOME'],
            NO_COLOR: '1',
            DOCKER_HOST: 'unix:///nonexistent/cog-bundle-test.sock',
          },
          timeout: 30_000,
        });
      const unknown = run('-i', 'bad=1');
      assert.equal(unknown.status, 1);
      assert.match(unknown.stderr, /^unknown input "bad"; valid inputs are: n, name\n/);
      assert.doesNotMatch(unknown.stderr, /Building Docker image|docker daemon/);
      const low = run('-i', 'n=0');
      assert.match(low.stderr, /^invalid input "n": number must be at least 1\n/);
      // A valid input gets as far as Docker (dead here): nothing was rejected early.
      const ok = run('-i', 'n=2');
      assert.match(ok.stderr, /docker daemon/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);

// The machine's system Node (Debian's) is older than the floor on these machines; when one is
// there, the bundle must refuse it in one line instead of half-working.
const oldNode = ['/usr/bin/node', '/usr/bin/nodejs'].find((candidate) => {
  if (!existsSync(candidate)) return false;
  const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' }).stdout.trim();
  return Number(/^v(\d+)\./.exec(version)?.[1] ?? 99) < 22;
});

test(
  'an older Node.js gets one line and exit 1',
  { skip: skip || (oldNode ? false : 'no Node.js < 22 on this machine') },
  () => {
    for (const args of [['--version'], ['debug']]) {
      const result = spawnSync(oldNode as string, [cog, ...args], {
        cwd: root,
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(result.status, 1, args.join(' '));
      assert.equal(result.stdout, '');
      assert.match(
        result.stderr,
        /^cog needs Node\.js 22 or newer, but this is Node\.js v\d+\.\d+\.\d+: install [^\n]*\n$/,
      );
    }
  },
);

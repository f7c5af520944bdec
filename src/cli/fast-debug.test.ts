// The bare `cog debug` fast path (fast-debug.ts) against the same command through commander:
// same options, same output, same errors and exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { CaptureStream, parseOnly, runCaptured } from './cli-test-harness.ts';
import { readDebugOptions } from './debug/debug-options.ts';
import { bareDebugOptions, runBareDebug } from './fast-debug.ts';
import { isBareDebug } from './fast-path.ts';

const examples = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../examples');

test('the fast path takes exactly the bare `cog debug`', () => {
  assert.equal(isBareDebug(['debug']), true);
  for (const argv of [
    [],
    ['debug', '--help'],
    ['debug', '-f', 'x.yaml'],
    ['debug', 'extra'],
    ['--debug', 'debug'],
    ['debug', '--debug'],
    ['Debug'],
  ]) {
    assert.equal(isBareDebug(argv), false, argv.join(' '));
  }
});

test("its options are what commander's parse of `cog debug` gives", async () => {
  const command = await parseOnly(['debug']);
  assert.equal(command.name(), 'debug');
  assert.deepEqual(readDebugOptions(command.opts()), bareDebugOptions);
});

async function runFast(cwd: string, env: NodeJS.ProcessEnv, tty = false) {
  const stdout = new CaptureStream();
  const stderr = new CaptureStream();
  stderr.isTTY = tty;
  const code = await runBareDebug({ cwd, env, stdin: Readable.from(['']), stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

async function withProject(files: Record<string, string>, body: (dir: string) => Promise<void>) {
  const dir = await mkdtemp(path.join(tmpdir(), 'cog-fast-debug-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), text);
    }
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const projects: Array<[string, Record<string, string>]> = [
  ['a valid project', { 'cog.yaml': 'build:\n  python_version: "3.12"\nrun: run.py:Runner\n' }],
  [
    'a deprecated field (warning on stderr)',
    {
      'cog.yaml': 'build:\n  python_version: "3.12"\n  python_packages: ["numpy==2.0.0"]\n',
      'run.py': '',
    },
  ],
  ['a YAML syntax error (file:line:col)', { 'cog.yaml': 'build:\n  python_version: [\n' }],
  ['a schema error', { 'cog.yaml': 'build:\n  python_version: 3.12\n  gpu: maybe\n' }],
  ['no cog.yaml', { 'README.md': '' }],
];

for (const [name, files] of projects) {
  test(`same output and exit code as commander: ${name}`, async () => {
    await withProject(files, async (dir) => {
      const env = { PATH: process.env['PATH'], COG_REGISTRY_HOST: 'registry.example' };
      const fast = await runFast(dir, env);
      const slow = await runCaptured(['debug'], { cwd: dir, env });
      assert.deepEqual(fast, slow);
    });
  });
}

test('same output as commander on the hello-world example, with colour on a terminal', async () => {
  const cwd = path.join(examples, 'hello-world');
  const fast = await runFast(cwd, { PATH: process.env['PATH'] }, true);
  assert.match(fast.stdout, /^FROM /m);
  assert.equal(fast.code, 0);
  const stdout = new CaptureStream();
  const stderr = new CaptureStream();
  stderr.isTTY = true;
  const { runCli } = await import('./run-cli.ts');
  const code = await runCli({
    argv: ['debug'],
    cwd,
    env: { PATH: process.env['PATH'] },
    stdin: Readable.from(['']),
    stdout,
    stderr,
  });
  assert.deepEqual(fast, { code, stdout: stdout.text, stderr: stderr.text });
});

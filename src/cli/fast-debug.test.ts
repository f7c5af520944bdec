// The `cog debug` fast path (fast-path.ts's classifier, fast-debug.ts) against the same
// command through commander: same options, same output, same errors and exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { CaptureStream, parseOnly, runCaptured } from './cli-test-harness.ts';
import { readDebugOptions } from './debug/debug-options.ts';
import { runFastDebug } from './fast-debug.ts';
import { debugFlagSpecs, fastDebugFlags, type FastDebugFlags } from './fast-path.ts';
import { WEIGHT_SIZE_THRESHOLD } from '../dockerfile/separate-weights.ts';

const examples = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../examples');

/** argv after `cog` → what the classifier makes of it. */
const accepted: Array<[string[], FastDebugFlags]> = [
  [['debug'], {}],
  [['debug', '-f', 'x.yaml'], { file: 'x.yaml' }],
  [['debug', '--file', 'x.yaml'], { file: 'x.yaml' }],
  [['debug', '--file=x.yaml'], { file: 'x.yaml' }],
  [['debug', '-fx.yaml'], { file: 'x.yaml' }],
  [['debug', '-f=x.yaml'], { file: 'x.yaml' }],
  [['debug', '--file=a=b.yaml'], { file: 'a=b.yaml' }],
  [['debug', '--file='], { file: '' }],
  [['debug', '-f', ''], { file: '' }],
  [['debug', '-f', 'debug'], { file: 'debug' }],
  [['debug', '-f', 'a.yaml', '--file', 'b.yaml'], { file: 'b.yaml' }],
  [['debug', '--file=a.yaml', '-f', 'b.yaml'], { file: 'b.yaml' }],
  [['debug', '--image-name', 'r8.im/u/m'], { imageName: 'r8.im/u/m' }],
  [['debug', '--image-name=m', '--image-name', 'n'], { imageName: 'n' }],
  [['debug', '--use-cuda-base-image', 'false'], { useCudaBaseImage: 'false' }],
  [['debug', '--use-cuda-base-image=true'], { useCudaBaseImage: 'true' }],
  [['debug', '--dockerfile', 'Dockerfile'], { dockerfile: 'Dockerfile' }],
  [['debug', '--timestamp', '1700000000'], { timestamp: 1700000000 }],
  [['debug', '--timestamp=+5', '--timestamp', '0'], { timestamp: 0 }],
  [['debug', '--separate-weights'], { separateWeights: true }],
  [['debug', '--separate-weights=true'], { separateWeights: true }],
  [['debug', '--separate-weights=false'], {}],
  // `=false` of a flag without a negation is dropped by the normaliser, so the first stands.
  [['debug', '--separate-weights', '--separate-weights=0'], { separateWeights: true }],
  [['debug', '--use-cog-base-image'], { useCogBaseImage: true }],
  [['debug', '--use-cog-base-image=T'], { useCogBaseImage: true }],
  [['debug', '--use-cog-base-image=false'], { useCogBaseImage: false }],
  [['debug', '--no-use-cog-base-image'], { useCogBaseImage: false }],
  [['debug', '--no-use-cog-base-image=False'], { useCogBaseImage: true }],
  [['debug', '--no-use-cog-base-image=1'], { useCogBaseImage: false }],
  [['debug', '--use-cog-base-image', '--no-use-cog-base-image'], { useCogBaseImage: false }],
  [['debug', '--no-use-cog-base-image', '--use-cog-base-image=1'], { useCogBaseImage: true }],
  [
    ['debug', '--separate-weights', '--image-name', 'm', '-f', 'c.yaml', '--timestamp=1'],
    { separateWeights: true, imageName: 'm', file: 'c.yaml', timestamp: 1 },
  ],
];

/** argv the classifier leaves to commander. */
const fallback: string[][] = [
  [],
  ['Debug'],
  ['build'],
  ['--debug', 'debug'],
  ['debug', '--debug'],
  ['debug', '--no-color'],
  ['debug', '--registry', 'r.example'],
  ['debug', '--version'],
  ['debug', '--help'],
  ['debug', '-h'],
  ['debug', 'help'],
  ['debug', 'extra'],
  ['debug', '-f', 'x.yaml', 'extra'],
  ['debug', '--'],
  ['debug', '-f', 'x.yaml', '--'],
  ['debug', '-'],
  ['debug', '-f'],
  ['debug', '--file'],
  ['debug', '--image-name'],
  ['debug', '-f', '--debug'],
  ['debug', '-f', '-x.yaml'],
  ['debug', '-f--debug'],
  ['debug', '--file=-x.yaml'],
  ['debug', '--unknown'],
  ['debug', '--File', 'x.yaml'],
  ['debug', '---file', 'x.yaml'],
  ['debug', '-x'],
  ['debug', '-hf', 'x.yaml'],
  ['debug', '--timestamp', 'soon'],
  ['debug', '--timestamp', '1e3'],
  ['debug', '--timestamp', '9007199254740993'],
  ['debug', '--timestamp', '-1'],
  ['debug', '--timestamp', '5', '--timestamp', 'x', '--timestamp', '6'],
  ['debug', '--separate-weights=yes'],
  ['debug', '--use-cog-base-image='],
  ['debug', '--separate-weights', 'x'],
];

test('the classifier: argv → fast-path flags', () => {
  for (const [argv, flags] of accepted)
    assert.deepEqual(fastDebugFlags(argv), flags, argv.join(' '));
});

test('the classifier: argv left to commander', () => {
  for (const argv of fallback) assert.equal(fastDebugFlags(argv), null, argv.join(' '));
});

test("the fast path's flags read as commander's parse of the same argv", async () => {
  for (const [argv] of accepted) {
    const command = await parseOnly(argv);
    assert.equal(command.name(), 'debug');
    const fast = fastDebugFlags(argv);
    assert.ok(fast !== null);
    assert.deepEqual(readDebugOptions(fast), readDebugOptions(command.opts()), argv.join(' '));
  }
});

test("the classifier's flag table is `cog debug`'s own flags, as commander defines them", async () => {
  const command = await parseOnly(['debug']);
  const names = command.options.flatMap((o) => [o.long, o.short]).filter((n) => n !== undefined);
  assert.deepEqual([...debugFlagSpecs.keys()].sort(), names.sort());
  for (const [name, spec] of debugFlagSpecs) {
    const option = command.options.find((o) => o.long === name || o.short === name);
    assert.ok(option !== undefined, name);
    assert.equal(option.attributeName(), spec.key, name);
    assert.equal(option.required, spec.takes !== 'nothing', name);
    assert.equal(option.optional, false, name);
    assert.equal(option.variadic, false, name);
    // Only the integer flag has a parser (parseIntegerFlag, which accepts what integerLiteral does).
    assert.equal(option.parseArg !== undefined, spec.takes === 'integer', name);
    if (spec.takes !== 'nothing') continue;
    assert.equal(option.negate, !spec.sets, name);
    const other = command.options.find(
      (o) => o !== option && o.attributeName() === spec.key && o.negate === spec.sets,
    );
    assert.equal(other !== undefined, spec.opposite, name);
  }
});

async function runFast(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv, tty = false) {
  const flags = fastDebugFlags(argv);
  assert.ok(flags !== null, `not on the fast path: ${argv.join(' ')}`);
  const stdout = new CaptureStream();
  const stderr = new CaptureStream();
  stderr.isTTY = tty;
  const io = { cwd, env, stdin: Readable.from(['']), stdout, stderr };
  const code = await runFastDebug(flags, io);
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

const valid = 'build:\n  python_version: "3.12"\nrun: run.py:Runner\n';

interface Case {
  name: string;
  files: Record<string, string>;
  /** argv after `cog`, given the project directory. */
  argv: (dir: string) => string[];
  /** The working directory, relative to the project. */
  cwd?: string;
  /** What the output shows (so that the two paths agreeing means something). */
  shows: RegExp;
}

const cases: Case[] = [
  {
    name: 'a valid project',
    files: { 'cog.yaml': valid },
    argv: () => ['debug'],
    shows: /^FROM python:3\.12-slim$/m,
  },
  {
    name: 'a deprecated field (warning on stderr)',
    files: {
      'cog.yaml': 'build:\n  python_version: "3.12"\n  python_packages: ["numpy==2.0.0"]\n',
      'run.py': '',
    },
    argv: () => ['debug'],
    shows: /^deprecated field "build\.python_packages"/m,
  },
  {
    name: 'a YAML syntax error (file:line:col)',
    files: { 'cog.yaml': 'build:\n  python_version: [\n' },
    argv: () => ['debug'],
    shows: /^cog\.yaml:3:1: failed to parse cog\.yaml/m,
  },
  {
    name: 'a schema error',
    files: { 'cog.yaml': 'build:\n  python_version: 3.12\n  gpu: maybe\n' },
    argv: () => ['debug'],
    shows: /^cog\.yaml:3:8: schema error/m,
  },
  {
    name: 'no cog.yaml',
    files: { 'README.md': '' },
    argv: () => ['debug'],
    shows: /^cog\.yaml not found in /m,
  },
  {
    name: '-f naming another file',
    files: { 'dev.yaml': valid },
    argv: () => ['debug', '-f', 'dev.yaml'],
    shows: /^RUN cp \/src\/dev\.yaml \/src\/cog\.yaml$/m,
  },
  {
    name: '--file=, relative, in a subdirectory',
    files: { 'configs/dev.yaml': valid, 'cog.yaml': 'build:\n  gpu: maybe\n' },
    argv: () => ['debug', '--file=configs/dev.yaml'],
    shows: /^RUN cp \/src\/configs\/dev\.yaml \/src\/cog\.yaml$/m,
  },
  {
    name: '-f found in a parent directory',
    files: { 'cog.dev.yaml': valid, 'src/x.py': '' },
    argv: () => ['debug', '-fcog.dev.yaml'],
    cwd: 'src',
    shows: /^RUN cp \/src\/cog\.dev\.yaml \/src\/cog\.yaml$/m,
  },
  {
    name: '--file, absolute',
    files: { 'elsewhere/dev.yaml': valid },
    argv: (dir) => ['debug', '--file', path.join(dir, 'elsewhere', 'dev.yaml')],
    shows: /^RUN cp \/src\/dev\.yaml \/src\/cog\.yaml$/m,
  },
  {
    name: '-f naming a missing file',
    files: { 'cog.yaml': valid },
    argv: () => ['debug', '-f=missing.yaml'],
    shows: /^missing\.yaml not found in /m,
  },
  {
    name: '-f naming a missing absolute file',
    files: { 'cog.yaml': valid },
    argv: (dir) => ['debug', '-f', path.join(dir, 'missing.yaml')],
    shows: /^\/.*\/missing\.yaml not found in /m,
  },
  {
    name: 'an empty --file=',
    files: { 'cog.yaml': valid },
    argv: () => ['debug', '--file='],
    shows: /^ not found in /m,
  },
  {
    name: '-f naming a file with a YAML syntax error (file:line:col)',
    files: { 'cog.yaml': valid, 'bad.yaml': 'build:\n  python_version: "3.12"\n  gpu: [\n' },
    argv: () => ['debug', '-f', 'bad.yaml'],
    shows: /^bad\.yaml:4:1: failed to parse bad\.yaml/m,
  },
  {
    name: 'repeated -f/--file (the last wins)',
    files: { 'a.yaml': 'build:\n  gpu: maybe\n', 'b.yaml': valid },
    argv: () => ['debug', '-f', 'a.yaml', '--file', 'b.yaml'],
    shows: /^RUN cp \/src\/b\.yaml \/src\/cog\.yaml$/m,
  },
  {
    name: '--separate-weights with --image-name',
    files: { 'cog.yaml': valid, 'run.py': '', 'weights/model.bin': '' },
    argv: () => ['debug', '--separate-weights', '--image-name', 'r8.im/u/m'],
    shows: /^FROM r8\.im\/u\/m-weights AS weights$/m,
  },
  {
    name: '--separate-weights=true without --image-name',
    files: { 'cog.yaml': valid, 'run.py': '', 'weights/model.bin': '' },
    argv: () => ['debug', '--separate-weights=true'],
    shows: /^FROM cog-fast-debug-\w+-weights AS weights$/m,
  },
  {
    name: '--use-cog-base-image=false',
    files: { 'cog.yaml': valid },
    argv: () => ['debug', '--use-cog-base-image=false'],
    shows: /^FROM python:3\.12-slim$/m,
  },
  {
    name: '--use-cog-base-image then --no-use-cog-base-image=false',
    files: { 'cog.yaml': valid },
    argv: () => ['debug', '--use-cog-base-image', '--no-use-cog-base-image=false'],
    shows: /^FROM registry\.example\/cog-base:python3\.12$/m,
  },
  {
    name: '--use-cuda-base-image false on a GPU model',
    files: {
      'cog.yaml': 'build:\n  gpu: true\n  python_version: "3.11"\n  python_requirements: r.txt\n',
      'r.txt': 'torch==2.3.0\n',
    },
    argv: () => ['debug', '--use-cuda-base-image', 'false'],
    shows: /^FROM python:3\.11-slim$/m,
  },
  {
    name: '--timestamp and --dockerfile (registered, ignored)',
    files: { 'cog.yaml': valid },
    argv: () => ['debug', '--timestamp', '0', '--dockerfile=Dockerfile'],
    shows: /^FROM python:3\.12-slim$/m,
  },
];

for (const { name, files, argv, cwd, shows } of cases) {
  test(`same output and exit code as commander: ${name}`, async () => {
    await withProject(files, async (dir) => {
      // A weights directory over the size threshold, without writing its bytes.
      if (files['weights/model.bin'] !== undefined) {
        await truncate(path.join(dir, 'weights/model.bin'), WEIGHT_SIZE_THRESHOLD + 1);
      }
      const env = { PATH: process.env['PATH'], COG_REGISTRY_HOST: 'registry.example' };
      const where = path.join(dir, cwd ?? '');
      const fast = await runFast(argv(dir), where, env);
      const slow = await runCaptured(argv(dir), { cwd: where, env });
      assert.deepEqual(fast, slow);
      assert.match(fast.stdout + fast.stderr, shows);
    });
  });
}

test('same output as commander on the hello-world example, with colour on a terminal', async () => {
  const cwd = path.join(examples, 'hello-world');
  for (const argv of [['debug'], ['debug', '-f', 'cog.yaml']]) {
    const fast = await runFast(argv, cwd, { PATH: process.env['PATH'] }, true);
    assert.match(fast.stdout, /^FROM /m);
    assert.equal(fast.code, 0);
    const stdout = new CaptureStream();
    const stderr = new CaptureStream();
    stderr.isTTY = true;
    const { runCli } = await import('./run-cli.ts');
    const code = await runCli({
      argv,
      cwd,
      env: { PATH: process.env['PATH'] },
      stdin: Readable.from(['']),
      stdout,
      stderr,
    });
    assert.deepEqual(fast, { code, stdout: stdout.text, stderr: stderr.text });
  }
});

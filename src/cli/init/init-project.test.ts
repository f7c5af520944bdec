import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CogError } from '../../cog-error.ts';
import { runCaptured } from '../cli-test-harness.ts';
import { writeStarterFiles } from './init-project.ts';
import { starterFiles } from './init-templates.ts';
import { userGuidePage } from '../user-docs.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'cog-init-'));
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await listFiles(path.join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}

test('cog init in an empty directory writes the starter files and prints the transcript', async () => {
  const dir = await tempDir();
  try {
    const { code, stdout, stderr } = await runCaptured(['init'], { cwd: dir });
    assert.equal(code, 0);
    assert.equal(stdout, '');
    assert.equal(
      stderr,
      [
        'Setting up the current directory for use with Cog...',
        '',
        'Creating .dockerignore',
        'Creating .github/workflows/push.yaml',
        'Creating cog.yaml',
        'Creating requirements.txt',
        'Creating run.py',
        '',
        `Done! For next steps, read the getting-started guide: ${userGuidePage('getting-started.md')}`,
        '',
      ].join('\n'),
    );
    assert.deepEqual(await listFiles(dir), [
      '.dockerignore',
      '.github/workflows/push.yaml',
      'cog.yaml',
      'requirements.txt',
      'run.py',
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the templates use the 0.22 run/Runner names', async () => {
  const byPath = new Map(starterFiles.map((f) => [f.path, f.content]));
  // They point at our user guide, not the original's site, and at pages that exist.
  for (const { path: file, content } of starterFiles) {
    assert.doesNotMatch(content, /cog\.run/, file);
    for (const m of content.matchAll(/docs\/user\/[\w-]+\.md/g)) {
      assert.ok(existsSync(path.join(repoRoot, m[0])), `${file}: ${m[0]}`);
    }
  }
  assert.match(byPath.get('cog.yaml') ?? '', /docs\/user\/cog-yaml\.md/);
  assert.match(byPath.get('run.py') ?? '', /docs\/user\/python-sdk\.md/);
  assert.match(byPath.get('cog.yaml') ?? '', /^run: "run\.py:Runner"$/m);
  assert.doesNotMatch(byPath.get('cog.yaml') ?? '', /^predict:/m);
  assert.match(byPath.get('cog.yaml') ?? '', /python_version: "3\.13"/);
  const runPy = byPath.get('run.py') ?? '';
  assert.ok(runPy.includes('from cog import BaseRunner, Input'));
  assert.ok(runPy.includes('class Runner(BaseRunner):'));
  assert.ok(runPy.includes('def run('));
  assert.ok(!byPath.has('predict.py'));
  assert.match(byPath.get('.dockerignore') ?? '', /^\/venv$/m);
  assert.match(
    byPath.get('.github/workflows/push.yaml') ?? '',
    /secrets\.REPLICATE_CLI_AUTH_TOKEN/,
  );
  assert.match(
    byPath.get('.github/workflows/push.yaml') ?? '',
    /cog push r8\.im\/\$\{\{ inputs\.model_name \}\}/,
  );
});

test('existing files are never overwritten', async () => {
  const dir = await tempDir();
  try {
    await writeFile(path.join(dir, 'cog.yaml'), 'mine\n');
    const { code, stderr } = await runCaptured(['init'], { cwd: dir });
    assert.equal(code, 0);
    assert.match(stderr, /\nSkipped existing cog\.yaml\n/);
    assert.equal(await readFile(path.join(dir, 'cog.yaml'), 'utf8'), 'mine\n');
    assert.match(await readFile(path.join(dir, 'run.py'), 'utf8'), /class Runner/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a second cog init skips everything', async () => {
  const dir = await tempDir();
  try {
    await runCaptured(['init'], { cwd: dir });
    const { code, stderr } = await runCaptured(['init'], { cwd: dir });
    assert.equal(code, 0);
    assert.equal((stderr.match(/Skipped existing /g) ?? []).length, 5);
    assert.doesNotMatch(stderr, /Creating /);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a failure part-way removes what this run created and leaves no temp files', async () => {
  const dir = await tempDir();
  try {
    // `.github` is a file, so `.github/workflows/` cannot be created after `.dockerignore` was.
    await writeFile(path.join(dir, '.github'), 'not a directory');
    await assert.rejects(
      writeStarterFiles(dir, starterFiles),
      (error: unknown) => error instanceof CogError && error.code === 'INIT_WRITE_FAILED',
    );
    assert.deepEqual(await listFiles(dir), ['.github']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the CLI reports a failed init as one error, exit 1', async () => {
  const dir = await tempDir();
  try {
    await writeFile(path.join(dir, '.github'), '');
    const { code, stderr } = await runCaptured(['init'], { cwd: dir });
    assert.equal(code, 1);
    assert.match(stderr, /failed to set up .* for Cog: /);
    assert.doesNotMatch(stderr, /Creating /);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('created directories are removed on rollback, pre-existing ones kept', async () => {
  const dir = await tempDir();
  try {
    await mkdir(path.join(dir, 'keep'));
    await writeFile(path.join(dir, 'z-blocker'), '');
    const files = [
      { path: 'keep/a.txt', content: 'a' },
      { path: 'new/deep/b.txt', content: 'b' },
      { path: 'z-blocker/c.txt', content: 'c' },
    ];
    await assert.rejects(writeStarterFiles(dir, files), CogError);
    assert.deepEqual(await listFiles(dir), ['z-blocker']);
    assert.deepEqual((await readdir(dir)).sort(), ['keep', 'z-blocker']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the starter predictor runs as written: a typed input in, a real output back', async () => {
  const dir = await tempDir();
  try {
    await writeStarterFiles(dir, starterFiles);
    const sdk = path.join(import.meta.dirname, '..', '..', '..', 'python');
    const script = [
      'import sys; sys.path.insert(0, ".")',
      'from run import Runner',
      'r = Runner(); r.setup()',
      'print(r.run(text="hello", repeat=1)); print(r.run(text="you", repeat=2))',
    ].join('\n');
    const out = execFileSync('python3', ['-c', script], {
      cwd: dir,
      env: { ...process.env, PYTHONPATH: sdk },
      encoding: 'utf8',
    });
    assert.equal(out, 'hello hello\nhello you hello you\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

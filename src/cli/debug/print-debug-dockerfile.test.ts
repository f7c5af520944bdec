import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCaptured } from '../cli-test-harness.ts';

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cog-debug-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

const runnerPy =
  'from cog import BaseRunner\nclass Runner(BaseRunner):\n    def run(self) -> str:\n        return "hi"\n';

test('cog debug prints the Dockerfile on stdout', async () => {
  const dir = await project({
    'cog.yaml':
      'build:\n  python_version: "3.12"\n  run:\n    - command: echo shh\n      mounts:\n        - type: secret\n          id: foo\n          target: secret.txt\nrun: run.py:Runner\n',
    'run.py': runnerPy,
  });
  try {
    const { code, stdout } = await runCaptured(['debug', '--use-cog-base-image=false'], {
      cwd: dir,
    });
    assert.equal(code, 0);
    assert.match(stdout, /^FROM python:3\.12-slim$/m);
    assert.match(
      stdout,
      /RUN --mount=type=secret,id=foo,target=secret\.txt --mount=from=\S+ echo shh/,
    );
    assert.match(stdout, /^COPY \. \/src$/m);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('cog debug finds cog.yaml in a parent directory and prints config deprecations on stderr', async () => {
  const dir = await project({
    'cog.yaml': 'build:\n  python_version: "3.13"\npredict: run.py:Runner\n',
    'run.py': runnerPy,
    'sub/dir/.keep': '',
  });
  try {
    const { code, stdout, stderr } = await runCaptured(['debug'], {
      cwd: path.join(dir, 'sub', 'dir'),
    });
    assert.equal(code, 0);
    assert.match(stdout, /^FROM /);
    assert.match(stderr, /deprecated field "predict": use "run" instead/);
    assert.doesNotMatch(stdout, /deprecated/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('cog debug --separate-weights prints the three blocks', async () => {
  const dir = await project({
    'cog.yaml': 'build:\n  python_version: "3.13"\nrun: run.py:Runner\n',
    'run.py': runnerPy,
  });
  try {
    await mkdir(path.join(dir, 'checkpoints'));
    await writeFile(path.join(dir, 'checkpoints', 'big.bin'), '');
    await truncate(path.join(dir, 'checkpoints', 'big.bin'), 11 * 1024 * 1024);
    const { code, stdout } = await runCaptured(
      ['debug', '--separate-weights', '--image-name', 'my-model'],
      { cwd: dir },
    );
    assert.equal(code, 0);
    assert.match(stdout, /^=== Weights Dockerfile contents:\n/);
    assert.match(stdout, /COPY checkpoints \/src\/checkpoints/);
    assert.match(stdout, /=== Runner Dockerfile contents:\n/);
    assert.match(stdout, /FROM my-model-weights AS weights/);
    assert.match(stdout, /=== Weights exclude patterns:\n(.*\n)*checkpoints\n/);
    assert.match(stdout, /===\n$/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('no cog.yaml: one error line, exit 1, nothing on stdout', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'cog-debug-'));
  try {
    const { code, stdout, stderr } = await runCaptured(['debug'], { cwd: dir });
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /^cog\.yaml not found in .* \(or in any parent directories\)\n/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a broken cog.yaml is reported with file:line:col', async () => {
  const dir = await project({
    'cog.yaml': 'build:\n  python_version: "3.13"\n  gpu: maybe\nrun: run.py:Runner\n',
  });
  try {
    const { code, stderr } = await runCaptured(['debug'], { cwd: dir });
    assert.equal(code, 1);
    assert.match(stderr, /^cog\.yaml:3:\d+: .*build\.gpu/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('-f names another config file', async () => {
  const dir = await project({
    'prod.yaml': 'build:\n  python_version: "3.11"\nrun: run.py:Runner\n',
    'run.py': runnerPy,
  });
  try {
    const { code, stdout } = await runCaptured(
      ['debug', '-f', 'prod.yaml', '--use-cog-base-image=false'],
      { cwd: dir },
    );
    assert.equal(code, 0);
    assert.match(stdout, /^FROM python:3\.11-slim$/m);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('cog debug prints the plan notices on stderr (COG_CA_CERT)', async () => {
  const dir = await project({
    'cog.yaml': 'build:\n  python_version: "3.13"\nrun: run.py:Runner\n',
    'run.py': runnerPy,
  });
  try {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    const { code, stdout, stderr } = await runCaptured(['debug'], {
      cwd: dir,
      env: { PATH: process.env['PATH'], COG_CA_CERT: pem },
    });
    assert.equal(code, 0, stderr);
    assert.match(stderr, /^Injecting CA certificate from COG_CA_CERT$/m);
    assert.doesNotMatch(stdout, /Injecting/);
    const without = await runCaptured(['debug'], { cwd: dir });
    assert.doesNotMatch(without.stderr, /Injecting/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

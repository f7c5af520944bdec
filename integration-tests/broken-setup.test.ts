// Problems found before any Docker work: a broken cog.yaml, and a dead daemon (DOCKER_HOST at a
// socket nobody listens on) giving one clear line for every Docker-backed command.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { cog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import { copyExample, inlineProject, type TempProject } from './lib/project.ts';

const projects: TempProject[] = [];
let socketDir: string;
let closedSocket: string;

before(async () => {
  // A socket file whose server is gone: connecting is refused, as with a stopped daemon.
  socketDir = mkdtempSync(path.join(os.tmpdir(), 'cog-it-dead-'));
  closedSocket = path.join(socketDir, 'docker.sock');
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(closedSocket, resolve));
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
after(async () => {
  for (const p of projects) await p.dispose();
  rmSync(socketDir, { recursive: true, force: true });
  await assertNoLeftoverContainers();
});

test('a broken cog.yaml is reported with its position', async () => {
  const project = await inlineProject('broken-yaml', {
    'cog.yaml': 'build:\n  python_version: "3.9"\nrun: "run.py:Runner"\n',
    'run.py': '',
  });
  projects.push(project);
  for (const args of [['build'], ['run', '-i', 'x=1'], ['exec', 'true'], ['serve']]) {
    const result = await cog(args, { cwd: project.dir });
    assert.equal(result.exitCode, 1, args.join(' '));
    assert.match(result.stderr, /minimum supported Python version is 3\.10/, args.join(' '));
    assert.doesNotMatch(result.stderr, /Building Docker image/);
  }
});

test('cog build without a runner fails before building', async () => {
  const project = await inlineProject('no-runner', {
    'cog.yaml': 'build:\n  python_version: "3.11"\n',
  });
  projects.push(project);
  const result = await cog(['build', '-t', project.devImage], { cwd: project.dir });
  assert.equal(result.exitCode, 1);
  assert.match(
    result.stderr,
    /image build failed: no predict or train reference found in cog.yaml/,
  );
  assert.doesNotMatch(result.stderr, /#\d+ /, 'BuildKit never ran');
});

test('no cog.yaml anywhere', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cog-it-empty-'));
  try {
    const result = await cog(['build'], { cwd: dir });
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, /cog\.yaml not found in /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a dead daemon gives one clear line', async () => {
  const project = await copyExample('hello-world');
  projects.push(project);
  // `cog train` needs a model with `train:` and valid inputs (both are checked before Docker).
  const trainer = await copyExample('train');
  projects.push(trainer);
  for (const [dir, args] of [
    [project.dir, ['build']],
    [project.dir, ['run', '-i', 'text=x']],
    [project.dir, ['exec', 'true']],
    [project.dir, ['serve']],
    [trainer.dir, ['train', '-i', 'greeting=hi']],
    [project.dir, ['run', 'some-image']],
  ] as const) {
    const result = await cog([...args], {
      cwd: dir,
      env: { DOCKER_HOST: `unix://${closedSocket}` },
    });
    assert.equal(result.exitCode, 1, args.join(' '));
    const errorLines = result.stderr
      .split('\n')
      .filter((l) => /Cannot connect to the Docker daemon/.test(l));
    assert.deepEqual(
      errorLines,
      [
        `error pinging docker daemon: Cannot connect to the Docker daemon at unix://${closedSocket}. Is the docker daemon running?`,
      ],
      args.join(' '),
    );
    assert.doesNotMatch(result.stderr, /at .*\.mjs:\d+/, 'no stack trace');
  }
});

// Hostile cog.yaml values against the real CLI and a real BuildKit (issue 7, item 1):
// * `cog build` refuses values that would add Dockerfile instructions or shell commands,
//   with one positioned line per problem, and builds nothing;
// * values that are legitimate but look dangerous (shell in build.run, `$`, quotes and `<<`
//   inside words, a quoted ENV value) build and arrive in the image as written;
// * BuildKit really does what the fuzz target's Dockerfile reader assumes: a `<<WORD` word in
//   a RUN swallows the following lines as a heredoc, without any #syntax line.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { dockerfileInstructions } from '../src/dockerfile/dockerfile-instructions.test-support.ts';
import { cog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers, imageExists } from './lib/docker-checks.ts';
import { inlineProject, removeImages, type TempProject } from './lib/project.ts';

const refused = `cog-it-hostile-refused:${process.pid}`;
const accepted = `cog-it-hostile-accepted:${process.pid}`;
const probe = `cog-it-heredoc-probe:${process.pid}`;
const projects: TempProject[] = [];
const RUN_PY =
  'from cog import BaseRunner\n\nclass Runner(BaseRunner):\n    def run(self) -> str:\n        return "ok"\n';

after(async () => {
  for (const p of projects) await p.dispose(refused, accepted);
  await removeImages([probe]);
  await assertNoLeftoverContainers();
});

test('cog build refuses injected instructions and shell, every problem at its position', async () => {
  const project = await inlineProject('hostile', {
    'cog.yaml': [
      'build:',
      '  python_version: "3.11"',
      '  system_packages: ["curl && touch /pwned"]',
      '  run:',
      '    - "cat <<EOF"',
      '    - "echo hi\\rRUN touch /pwned"',
      'run: "run.py:Runner\\nRUN touch /pwned"',
      'environment: ["A=1\\0"]',
      '',
    ].join('\n'),
    'run.py': RUN_PY,
  });
  projects.push(project);
  const result = await cog(['build', '-t', refused], { cwd: project.dir });
  assert.equal(result.exitCode, 1, result.stderr);
  for (const line of [
    /cog\.yaml:3:21: invalid build\.system_packages\[0\] "curl && touch \/pwned": "&&" is not a Debian package name/,
    /cog\.yaml:5:7: invalid build\.run\[0\] "cat <<EOF": must not use a heredoc/,
    /cog\.yaml:6:7: invalid build\.run\[1\] "echo hi\\rRUN touch \/pwned": must not contain control characters/,
    /cog\.yaml:7:6: invalid run "run\.py:Runner\\nRUN touch \/pwned": must not contain control characters/,
    /cog\.yaml:8:15: invalid environment: environment variable "A" value must not contain control characters/,
  ])
    assert.match(result.stderr, line);
  assert.equal(await imageExists(refused), false);
  await assertNoLeftoverContainers();
});

test('legitimate values that look dangerous build and arrive as written', async () => {
  const project = await inlineProject('lookalike', {
    'cog.yaml': [
      'build:',
      '  python_version: "3.11"',
      '  run:',
      `    - "echo \\"$((1 << 2)) $(python -c 'print(1<<3)')\\" > /shifts.txt && echo 'a;b|c' >> /shifts.txt"`,
      'run: "run.py:Runner"',
      'environment: [\'V=$HOME "q" \\ x\']',
      '',
    ].join('\n'),
    'run.py': RUN_PY,
  });
  projects.push(project);
  const build = await cog(['build', '-t', accepted], { cwd: project.dir });
  assert.equal(build.exitCode, 0, build.stderr);
  const run = await execa(
    'docker',
    ['run', '--rm', '--entrypoint', 'sh', accepted, '-c', 'cat /shifts.txt; printf "%s\\n" "$V"'],
    { reject: false },
  );
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal(run.stdout, '4 8\na;b|c\n$HOME "q" \\ x');
});

test('BuildKit reads a <<WORD in RUN as a heredoc that swallows the next lines', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cog-it-heredoc-'));
  try {
    const dockerfile = [
      'FROM python:3.11-slim',
      'RUN cat <<EOF > /body.txt',
      'ENV SWALLOWED=1',
      'EOF',
      'RUN test -s /body.txt',
    ].join('\n');
    await writeFile(path.join(dir, 'Dockerfile'), dockerfile);
    // The reader the fuzz target relies on counts the same instructions BuildKit runs.
    assert.deepEqual(dockerfileInstructions(dockerfile), ['FROM', 'RUN', 'RUN']);
    const build = await execa('docker', ['buildx', 'build', '--load', '-t', probe, dir], {
      reject: false,
      env: { BUILDKIT_PROGRESS: 'plain' },
    });
    assert.equal(build.exitCode, 0, build.stderr);
    const run = await execa(
      'docker',
      ['run', '--rm', probe, 'sh', '-c', 'cat /body.txt; echo "[${SWALLOWED:-unset}]"'],
      { reject: false },
    );
    assert.equal(run.stdout, 'ENV SWALLOWED=1\n[unset]');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

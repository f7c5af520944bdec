// `cog exec` (examples/hello-world): the command runs in the project mounted at /src, the
// container's exit code becomes ours, piped stdin reaches the command, and the project is
// found from a subdirectory.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { cog, cogBin } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import { copyExample, type TempProject } from './lib/project.ts';

let project: TempProject;

before(async () => {
  project = await copyExample('hello-world');
});
after(async () => {
  await project.dispose();
  await assertNoLeftoverContainers();
});

test('exit codes are passed through', async () => {
  for (const code of [0, 3]) {
    const result = await cog(
      ['exec', 'python', '-c', `import sys; print("in container"); sys.exit(${code})`],
      { cwd: project.dir },
    );
    assert.equal(result.exitCode, code, result.stderr);
    assert.equal(result.stdout, 'in container\n');
    if (code !== 0) assert.match(result.stderr, new RegExp(`container exited with status ${code}`));
  }
  await assertNoLeftoverContainers();
});

test('piped stdin, -e and the working directory', async () => {
  const sub = path.join(project.dir, 'some', 'sub');
  mkdirSync(sub, { recursive: true });
  const result = await cog(
    ['exec', '-e', 'GREETING=hey', 'sh', '-c', 'pwd; echo $GREETING; cat; ls run.py'],
    { cwd: sub, input: 'from stdin\n' },
  );
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(result.stdout, '/src\nhey\nfrom stdin\nrun.py\n');
  assert.match(
    result.stderr,
    /Running sh -c .* in Docker with the current directory mounted as a volume\.\.\./,
  );
});

test('flags after the command belong to the command', async () => {
  const result = await cog(['exec', 'python', '-c', 'import sys; print(sys.argv[1:])', '-e', 'x'], {
    cwd: project.dir,
  });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(result.stdout, "['-e', 'x']\n");
});

test('with a terminal the command gets a TTY', async (t) => {
  const hasScript = await execa('script', ['--version'], { reject: false });
  if (hasScript.exitCode !== 0) return t.skip('util-linux `script` is not installed');
  const command = `${process.execPath} ${cogBin} exec sh -c 'tty; exit 5'`;
  const result = await execa('script', ['-qec', command, '/dev/null'], {
    cwd: project.dir,
    env: { NO_COLOR: '1', COG_NO_UPDATE_CHECK: '1', BUILDKIT_PROGRESS: 'quiet' },
    reject: false,
    timeout: 300_000,
  });
  assert.equal(result.exitCode, 5, String(result.stdout));
  assert.match(String(result.stdout), /\/dev\/pts\/\d+/);
  await assertNoLeftoverContainers();
});

// `cog exec` (examples/hello-world): the command runs in the project mounted at /src, the
// container's exit code becomes ours, piped stdin reaches the command, and the project is
// found from a subdirectory.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { cog } from './lib/cog-cli.ts';
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
    const result = await cog(['exec', 'python', '-c', `import sys; print("in container"); sys.exit(${code})`], { cwd: project.dir });
    assert.equal(result.exitCode, code, result.stderr);
    assert.equal(result.stdout, 'in container\n');
    if (code !== 0) assert.match(result.stderr, new RegExp(`container exited with status ${code}`));
  }
  await assertNoLeftoverContainers();
});

test('piped stdin, -e and the working directory', async () => {
  const sub = path.join(project.dir, 'some', 'sub');
  mkdirSync(sub, { recursive: true });
  const result = await cog(['exec', '-e', 'GREETING=hey', 'sh', '-c', 'pwd; echo $GREETING; cat; ls run.py'], { cwd: sub, input: 'from stdin\n' });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(result.stdout, '/src\nhey\nfrom stdin\nrun.py\n');
  assert.match(result.stderr, /Running sh -c .* in Docker with the current directory mounted as a volume\.\.\./);
});

test('flags after the command belong to the command', async () => {
  const result = await cog(['exec', 'python', '-c', 'import sys; print(sys.argv[1:])', '-e', 'x'], { cwd: project.dir });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(result.stdout, "['-e', 'x']\n");
});

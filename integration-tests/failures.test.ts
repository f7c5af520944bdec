// Failures inside the model: setup() raising (examples/setup-failure) and run() raising. Both
// exit 1 with the Python error shown, and leave no container behind.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import { copyExample, inlineProject, type TempProject } from './lib/project.ts';

const projects: TempProject[] = [];
after(async () => {
  for (const p of projects) await p.dispose();
  await assertNoLeftoverContainers();
});

test('setup failure shows the traceback and cleans up', async () => {
  const project = await copyExample('setup-failure');
  projects.push(project);
  const result = await cog(['run', '-i', 'text=x'], { cwd: project.dir });
  assert.equal(result.exitCode, 1);
  assert.match(result.stderr, /Model setup failed/);
  // Once: the server's log shows it, the error message does not repeat it.
  const count = (re: RegExp): number => result.stderr.match(re)?.length ?? 0;
  assert.equal(count(/RuntimeError: setup failed on purpose: weights file missing/g), 1);
  assert.equal(count(/Traceback \(most recent call last\)/g), 1, result.stderr);
  assert.match(result.stderr, /Model setup failed\nFix the error in setup\(\) shown above\./);
  await assertNoLeftoverContainers();
});

test('an exception in run() fails the prediction', async () => {
  const project = await inlineProject('raises', {
    'cog.yaml': 'build:\n  python_version: "3.11"\nrun: "run.py:Runner"\n',
    'run.py': [
      'from cog import BaseRunner',
      '',
      'class Runner(BaseRunner):',
      '    def run(self, n: int) -> int:',
      '        if n < 0:',
      '            raise ValueError("negative numbers are not allowed")',
      '        return n * 2',
      '',
    ].join('\n'),
  });
  projects.push(project);
  const ok = await cog(['run', '-i', 'n=21'], { cwd: project.dir });
  assert.equal(ok.exitCode, 0, ok.stderr);
  assert.equal(ok.stdout, '42\n');
  const failed = await cog(['run', '-i', 'n=-1'], { cwd: project.dir });
  assert.equal(failed.exitCode, 1);
  assert.match(
    failed.stderr,
    /Prediction failed with status "failed": .*negative numbers are not allowed/,
  );
  const json = await cog(['run', '--json', '{"n": -1}'], { cwd: project.dir });
  assert.equal(json.exitCode, 1);
  assert.equal((JSON.parse(json.stdout) as { status: string }).status, 'failed');
  await assertNoLeftoverContainers();
});

test('a predictor that does not import fails the build with its traceback', async () => {
  const project = await inlineProject('broken-import', {
    'cog.yaml': 'build:\n  python_version: "3.11"\nrun: "run.py:Runner"\n',
    'run.py': 'import definitely_not_installed_module\n',
  });
  projects.push(project);
  const result = await cog(['build', '-t', project.devImage], { cwd: project.dir });
  assert.equal(result.exitCode, 1);
  assert.match(result.stderr, /image build failed: /);
  assert.match(
    result.stderr,
    /ModuleNotFoundError: No module named 'definitely_not_installed_module'/,
  );
  await assertNoLeftoverContainers();
});

test("a failing build.run command fails the build with BuildKit's error", async () => {
  const project = await inlineProject('failing-run', {
    'cog.yaml':
      'build:\n  python_version: "3.11"\n  run:\n    - "echo about to fail && exit 7"\nrun: "run.py:Runner"\n',
    'run.py':
      'from cog import BaseRunner\n\nclass Runner(BaseRunner):\n    def run(self) -> str:\n        return "x"\n',
  });
  projects.push(project);
  const result = await cog(['build', '-t', project.devImage, '--progress', 'plain'], {
    cwd: project.dir,
  });
  assert.equal(result.exitCode, 1);
  assert.match(result.stderr, /about to fail/);
  assert.match(result.stderr, /image build failed: Failed to build Docker image: .*exit code: 7/);
  await assertNoLeftoverContainers();
});

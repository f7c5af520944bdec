// Errors a new user meets in the first hour name their own mistake, not our internals: a
// predictor syntax error shows the user's frames only (all of them with --debug), and a
// requirement missing from PyPI names the package and the requirements file.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import { inlineProject, type TempProject } from './lib/project.ts';

const projects: TempProject[] = [];
after(async () => {
  for (const project of projects) await project.dispose();
  await assertNoLeftoverContainers();
});

const cogYaml = 'build:\n  python_version: "3.11"\nrun: "run.py:Runner"\n';
const brokenRunPy =
  'from cog import BaseRunner\n\nclass Runner(BaseRunner):\n    def run(self, text: str) -> str\n        return text\n';

test('a predictor syntax error shows the user line, not the SDK frames', async () => {
  const project = await inlineProject('syntax-error', {
    'cog.yaml': cogYaml,
    'run.py': brokenRunPy,
  });
  projects.push(project);
  const result = await cog(['run', '-i', 'text=x'], { cwd: project.dir });
  assert.equal(result.exitCode, 1);
  assert.match(
    result.stderr,
    /File "\/src\/run\.py", line 4\n.*def run\(self, text: str\) -> str\n/,
  );
  assert.match(result.stderr, /SyntaxError: expected ':'/);
  assert.doesNotMatch(
    result.stderr,
    /_loader\.py|_worker\.py|_predictor\.py|<frozen|PredictorLoadError/,
  );

  const debug = await cog(['run', '--debug', '-i', 'text=x'], { cwd: project.dir });
  assert.equal(debug.exitCode, 1);
  assert.match(debug.stderr, /cog\/_loader\.py/);
  assert.match(debug.stderr, /SyntaxError: expected ':'/);
});

test('a requirement missing from PyPI is named, with the requirements file', async () => {
  const project = await inlineProject('missing-package', {
    'cog.yaml':
      'build:\n  python_version: "3.11"\n  python_requirements: requirements.txt\nrun: "run.py:Runner"\n',
    'requirements.txt': 'nonexistent-package-cogtest-xyz==1.0\n',
    'run.py':
      'from cog import BaseRunner\n\nclass Runner(BaseRunner):\n    def run(self, text: str) -> str:\n        return text\n',
  });
  projects.push(project);
  const result = await cog(['build', '-t', 'cog-it-missing-package'], { cwd: project.dir });
  assert.equal(result.exitCode, 1);
  assert.match(
    result.stderr,
    /the Python package "nonexistent-package-cogtest-xyz==1\.0" could not be installed/,
  );
  assert.match(result.stderr, /requirements file \(build\.python_requirements in cog\.yaml/);
});

// The schema before the build (docs/schema.md, "Static reading"): on a project's first run a bad
// -i fails before anything is built; a type that cannot appear in a schema fails `cog build`
// before Docker builds anything; what the static reading cannot resolve is left to the
// container, and the model still builds and runs.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers, imageExists } from './lib/docker-checks.ts';
import { inlineProject, removeImages, type TempProject } from './lib/project.ts';

const COG_YAML = 'build:\n  python_version: "3.11"\nrun: "run.py:Runner"\n';
const projects: TempProject[] = [];
const images: string[] = [];

after(async () => {
  for (const project of projects) await project.dispose();
  await removeImages(images);
  await assertNoLeftoverContainers();
});

async function project(name: string, runPy: string, extra: Record<string, string> = {}) {
  const made = await inlineProject(name, { 'cog.yaml': COG_YAML, 'run.py': runPy, ...extra });
  projects.push(made);
  return made;
}

test('first run: a bad -i fails before anything is built', async () => {
  const p = await project(
    'static-first-run',
    [
      'from cog import BaseRunner, Input',
      'from shapes import Out',
      '',
      'class Runner(BaseRunner):',
      '    def run(self, n: int = Input(ge=1)) -> Out:',
      '        return Out(n=n)',
      '',
    ].join('\n'),
    { 'shapes.py': 'from cog import BaseModel\n\nclass Out(BaseModel):\n    n: int\n' },
  );
  for (const [args, want] of [
    [['-i', 'bad=1'], /unknown input "bad"; valid inputs are: n/],
    [['-i', 'n=0'], /invalid input "n": number must be at least 1/],
    [['-i', 'n=two'], /invalid input "n": expected integer, got string/],
  ] as Array<[string[], RegExp]>) {
    const result = await cog(['run', ...args], { cwd: p.dir });
    assert.equal(result.exitCode, 1, args.join(' '));
    assert.match(result.stderr, want);
    assert.doesNotMatch(result.stderr, /Building Docker image/);
  }
});

test('cog build: a type that cannot appear in a schema fails before the Docker build', async () => {
  const p = await project(
    'static-bad-type',
    [
      'from cog import BaseRunner',
      '',
      'class Runner(BaseRunner):',
      '    def run(self, x: int) -> set[int]:',
      '        return {x}',
      '',
    ].join('\n'),
  );
  const name = `cog-it-static-bad-type:${Date.now()}`;
  images.push(name);
  const result = await cog(['build', '-t', name, '--progress', 'plain'], { cwd: p.dir });
  assert.equal(result.exitCode, 1);
  assert.match(result.stderr, /image build failed: unsupported output type set\[int\]/);
  assert.doesNotMatch(result.stderr, /#\d+ \[|DONE|FROM /, 'Docker built nothing');
  assert.equal(await imageExists(name), false);
});

test('a default only Python can evaluate is left to the container: the model builds and runs', async () => {
  const p = await project(
    'static-fallback',
    [
      'from cog import BaseRunner, Input',
      '',
      'STEPS = 3',
      '',
      'class Runner(BaseRunner):',
      '    def run(self, steps: int = Input(default=STEPS * 2, ge=1)) -> int:',
      '        return steps + 1',
      '',
    ].join('\n'),
  );
  const result = await cog(['run'], { cwd: p.dir });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(result.stdout, '7\n');
  // Validated after the build against the container's schema: the bound still holds.
  const low = await cog(['run', '-i', 'steps=0'], { cwd: p.dir });
  assert.equal(low.exitCode, 1);
  assert.match(low.stderr, /invalid input "steps": number must be at least 1/);
});

// `cog run` in a project (examples/hello-world): dev build, inputs by -i and --json (also from
// stdin), output to stdout or -o, and input errors reported with the original's texts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
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

test('-i prints a string output raw', async () => {
  const result = await cog(['run', '-i', 'text=world'], { cwd: project.dir });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(result.stdout, 'hello world\n');
  assert.match(result.stderr, /Building Docker image from environment in cog.yaml\.\.\./);
  assert.match(result.stderr, /Starting Docker image and running setup\(\)\.\.\./);
  assert.match(result.stderr, /Running prediction\.\.\./);
  assert.doesNotMatch(result.stderr, /deprecated/);
  await assertNoLeftoverContainers();
});

test('--json from stdin prints the whole response', async () => {
  const result = await cog(['run', '--json', '-'], { cwd: project.dir, input: '{"text": "json"}' });
  assert.equal(result.exitCode, 0, result.stderr);
  const body = JSON.parse(result.stdout) as { status: string; output: string; error: string };
  assert.deepEqual([body.status, body.output, body.error], ['succeeded', 'hello json', '']);
  assert.match(
    result.stdout,
    /^\{\n {2}"status": "succeeded",\n {2}"output": "hello json",\n {2}"error": "",/,
  );
});

test('-o writes the output to a file', async () => {
  const result = await cog(['run', '-i', 'text=file', '-o', 'greeting.txt'], { cwd: project.dir });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /Written output to: greeting.txt/);
  assert.equal(readFileSync(path.join(project.dir, 'greeting.txt'), 'utf8'), 'hello file\n');
});

test('input errors (after a run, so the schema is cached)', async () => {
  const rows: Array<[string[], RegExp]> = [
    [['-i', 'nope=1', '-i', 'text=x'], /unknown input "nope"; valid inputs are: text/],
    [[], /missing required input "text"/],
    [['-i', 'text'], /Failed to parse input 'text', expected format is 'name=value'/],
    [['-i', 'text=x', '--json', '{}'], /Must use one of --json or --input to provide model inputs/],
    [['--json', '{"text": null}'], /invalid input "text": must not be null/],
  ];
  for (const [args, want] of rows) {
    const result = await cog(['run', ...args], { cwd: project.dir });
    assert.equal(result.exitCode, 1, args.join(' '));
    assert.match(result.stderr, want, args.join(' '));
    assert.doesNotMatch(result.stderr, /Starting Docker image/, 'nothing started for bad input');
    // The schema of the earlier run is cached for these sources, so nothing is even built.
    assert.doesNotMatch(result.stderr, /Building Docker image/, 'nothing built for bad input');
  }
  await assertNoLeftoverContainers();
});

test('a changed runner invalidates the cached schema', async () => {
  const runPy = path.join(project.dir, 'run.py');
  writeFileSync(
    runPy,
    readFileSync(runPy, 'utf8').replace('text: str', 'name: str').replace('{text}', '{name}'),
  );
  const result = await cog(['run', '-i', 'name=renamed'], { cwd: project.dir });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(result.stdout, 'hello renamed\n');
  const stale = await cog(['run', '-i', 'text=x'], { cwd: project.dir });
  assert.equal(stale.exitCode, 1);
  assert.match(stale.stderr, /unknown input "text"; valid inputs are: name/);
  assert.doesNotMatch(stale.stderr, /Building Docker image/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  buildElapsedMs,
  initialBuildProgress,
  orderedSteps,
  reduceBuildProgress,
  stepDurationMs,
  stepLogLines,
  stepPhase,
  visibleLine,
  type BuildProgressState,
} from './build-progress-state.ts';
import { createRawjsonSplitter, type RawSolveStatus } from './build-progress-stream.ts';

// Real captures of `docker buildx build --progress=rawjson` (buildx 0.13.1, Engine 26.1.5):
// examples/hello-world built with --no-cache, and a Dockerfile whose last RUN exits 7.
function fixture(name: string): string {
  return readFileSync(new URL(`testdata/${name}`, import.meta.url), 'utf8');
}

function replay(text: string): { state: BuildProgressState; text: string[] } {
  const splitter = createRawjsonSplitter();
  let state = initialBuildProgress;
  const plain: string[] = [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const item of [...lines.flatMap((line) => splitter.push(line)), ...splitter.end()]) {
    if (item.kind === 'status') state = reduceBuildProgress(state, item.status);
    else plain.push(item.line);
  }
  return { state, text: plain };
}

function stepNamed(state: BuildProgressState, prefix: string) {
  const step = orderedSteps(state).find((s) => s.name.startsWith(prefix));
  assert.ok(step, `no step ${prefix}`);
  return step;
}

test('hello-world: every step completes, base images cached, listed in start order', () => {
  const { state, text } = replay(fixture('rawjson-hello-world.txt'));
  assert.deepEqual(text, []);
  const steps = orderedSteps(state);
  assert.equal(steps.length, 21);
  assert.deepEqual(
    steps.filter((s) => stepPhase(s) !== 'done' && stepPhase(s) !== 'cached'),
    [],
  );
  assert.deepEqual(
    steps.filter((s) => s.cached).map((s) => s.name),
    [
      '[stage-0  1/10] FROM docker.io/library/python:3.11-slim',
      'FROM docker.io/library/node:24-slim',
      'FROM ghcr.io/astral-sh/uv:0.9.26',
    ],
  );
  assert.equal(steps[0]?.name, '[internal] load build definition from Dockerfile');
  assert.deepEqual(
    steps.filter((s) => s.name.startsWith('[stage-0')).map((s) => s.name.slice(9, 14).trim()),
    ['1/10', '2/10', '3/10', '4/10', '5/10', '6/10', '7/10', '8/10', '9/10', '10/10'],
  );
  const elapsed = buildElapsedMs(state);
  assert.ok(elapsed > 1000 && elapsed < 10_000, `elapsed ${elapsed}`);
});

const hello = replay(fixture('rawjson-hello-world.txt')).state;
const failed = replay(fixture('rawjson-failed-run.txt'));

const cases: Array<{ name: string; check: () => void }> = [
  {
    name: 'a restarted vertex ends completed with its last start',
    check: () => {
      const step = stepNamed(hello, '[internal] load build definition');
      assert.equal(stepPhase(step), 'done');
      assert.ok((stepDurationMs(step) ?? -1) >= 0);
    },
  },
  {
    name: 'statuses are kept per id with their final value',
    check: () => {
      const step = stepNamed(failed.state, '[internal] load build definition');
      assert.deepEqual(step.statuses, [
        { id: 'transferring dockerfile:', current: 157, total: undefined, done: true },
      ]);
    },
  },
  {
    name: 'exporting keeps one status per sub-task',
    check: () => {
      const step = stepNamed(hello, 'exporting to image');
      assert.equal(step.statuses.length, 3);
      assert.ok(step.statuses.every((s) => s.done));
      assert.match(step.statuses[2]?.id ?? '', /^naming to docker.io\/library\/cog-rj-sample/);
    },
  },
  {
    name: 'log lines: \\r progress collapses to what a terminal shows',
    check: () => {
      const step = stepNamed(hello, '[stage-0  2/10] RUN');
      assert.deepEqual(stepLogLines(step, 3), [
        'Preparing to unpack .../tini_0.19.0-1+b3_amd64.deb ...',
        'Unpacking tini (0.19.0-1+b3) ...',
        'Setting up tini (0.19.0-1+b3) ...',
      ]);
      assert.ok(step.logTail.length <= 6);
    },
  },
  {
    name: 'log chunks split mid-line are joined',
    check: () => {
      const step = stepNamed(hello, '[stage-0  6/10] RUN');
      assert.equal(
        stepLogLines(step, 1)[0],
        ' + cog==0.22.0 (from file:///tmp/cog-0.22.0-py3-none-any.whl)',
      );
    },
  },
  {
    name: 'failed RUN: error, its output, the cached step before it',
    check: () => {
      const step = stepNamed(failed.state, '[3/3] RUN');
      assert.equal(stepPhase(step), 'failed');
      assert.match(step.error ?? '', /did not complete successfully: exit code: 7$/);
      assert.deepEqual(stepLogLines(step, 3), ['line 4', 'line 5', 'line 6']);
      assert.equal(stepPhase(stepNamed(failed.state, '[2/3] RUN echo step one')), 'cached');
    },
  },
  {
    name: "failed build: BuildKit's trailer stays plain text",
    check: () => {
      assert.equal(failed.text[0], 'Dockerfile:3');
      assert.match(failed.text.at(-1) ?? '', /^ERROR: failed to solve: process .* exit code: 7$/);
    },
  },
];

for (const { name, check } of cases) test(name, check);

test('splitter: one-line objects, text between, unfinished object becomes text', () => {
  const splitter = createRawjsonSplitter();
  const items = [
    ...splitter.push('{"vertexes":[{"digest":"d1","name":"a"}]}'),
    ...splitter.push('WARNING: something'),
    ...splitter.push('{'),
    ...splitter.push('  "logs": ['),
  ];
  assert.deepEqual(items, [
    { kind: 'status', status: { vertexes: [{ digest: 'd1', name: 'a' }] } },
    { kind: 'text', line: 'WARNING: something' },
  ]);
  assert.deepEqual(splitter.end(), [
    { kind: 'text', line: '{' },
    { kind: 'text', line: '  "logs": [' },
  ]);
  assert.deepEqual(splitter.push('{not json}'), [{ kind: 'text', line: '{not json}' }]);
});

test('reducer: running step, warnings, unset Go zero times', () => {
  const events: RawSolveStatus[] = [
    {
      vertexes: [
        { digest: 'a', name: '[1/2] RUN sleep', started: '2026-01-01T00:00:01Z' },
        { digest: 'b', name: '[2/2] RUN x', started: '0001-01-01T00:00:00Z' },
      ],
    },
    {
      logs: [
        { vertex: 'a', data: Buffer.from('\x1b[32mgreen\x1b[0m\tok\nhalf').toString('base64') },
      ],
    },
    { warnings: [{ vertex: 'a', short: Buffer.from('careful\n').toString('base64') }] },
  ];
  const state = events.reduce(reduceBuildProgress, initialBuildProgress);
  const [a, b] = orderedSteps(state);
  assert.ok(a && b);
  assert.equal(stepPhase(a), 'running');
  assert.equal(stepPhase(b), 'pending');
  assert.equal(stepDurationMs(a, Date.parse('2026-01-01T00:00:03Z')), 2000);
  assert.deepEqual(stepLogLines(a, 5), ['green    ok', 'half']);
  assert.deepEqual(a.warnings, ['careful']);
  assert.equal(visibleLine('10%\r50%\r'), '50%');
});

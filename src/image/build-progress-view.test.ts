import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import {
  initialBuildProgress,
  reduceBuildProgress,
  type BuildProgressState,
} from './build-progress-state.ts';
import { createRawjsonSplitter } from './build-progress-stream.ts';
import {
  createBuildProgressView,
  headerText,
  humanSize,
  visibleBlocks,
  type BuildProgressViewProps,
} from './build-progress-view.ts';
import { loadViewLibraries, startBuildProgress } from './build-progress-runner.ts';

// ink renders only a final frame when it believes it runs in CI (it reads CI once, on import);
// these tests read intermediate frames, so they must not depend on the CI variable of the run.
process.env['CI'] = 'false';
const React = await import('react');
const ink = await import('ink');

/** A stand-in terminal: ink writes whole frames to it in debug mode. */
class FakeTerminal extends EventEmitter {
  columns = 100;
  rows = 40;
  frames: string[] = [];
  writable = true;
  end(): this {
    return this;
  }
  write(chunk: string | Uint8Array): boolean {
    this.frames.push(String(chunk));
    return true;
  }
  get lastFrame(): string {
    // eslint-disable-next-line no-control-regex
    return (this.frames.at(-1) ?? '').replace(/\x1b\[[0-9;]*m/g, '');
  }
}

function fixture(name: string): string {
  return readFileSync(new URL(`testdata/${name}`, import.meta.url), 'utf8');
}

/** The state of a fixture replayed up to the event whose log output contains `until`. */
function stateOf(name: string, until?: string): BuildProgressState {
  const splitter = createRawjsonSplitter();
  let state = initialBuildProgress;
  for (const line of fixture(name).split('\n'))
    for (const item of splitter.push(line)) {
      if (item.kind !== 'status') continue;
      state = reduceBuildProgress(state, item.status);
      const output = (item.status.logs ?? []).map((log) =>
        Buffer.from(log.data ?? '', 'base64').toString(),
      );
      if (until !== undefined && output.some((text) => text.includes(until))) return state;
    }
  return state;
}

function renderFrame(props: BuildProgressViewProps, columns = 100): string {
  const terminal = new FakeTerminal();
  terminal.columns = columns;
  const View = createBuildProgressView({ React, ink });
  const instance = ink.render(React.createElement(View, props), {
    stdout: terminal as unknown as NodeJS.WriteStream,
    debug: true,
    patchConsole: false,
    exitOnCtrlC: false,
  });
  instance.unmount();
  return terminal.lastFrame;
}

const base = { now: 0, elapsedMs: 5300, frame: 0, rows: 40 } as const;

test('summary of a successful build: its steps, CACHED, durations, no BuildKit internals', () => {
  const frame = renderFrame({
    ...base,
    state: stateOf('rawjson-hello-world.txt'),
    outcome: 'succeeded',
  });
  const lines = frame.split('\n');
  assert.equal(lines[0], '[+] Built in 5.3s (21 steps, 3 cached)');
  assert.match(frame, /✔ \[stage-0 {2}1\/10\] FROM docker\.io\/library\/python:3\.11-slim +CACHED/);
  assert.match(frame, /✔ \[stage-0 10\/10\] COPY \. \/src +\d+\.\ds/);
  assert.doesNotMatch(frame, /\[internal\]/);
  assert.ok(
    lines.every((line) => line.length <= 100),
    'one terminal line per step',
  );
});

test('failed build: the error and the last output under the failed step', () => {
  const frame = renderFrame({
    ...base,
    state: stateOf('rawjson-failed-run.txt'),
    outcome: 'failed',
  });
  assert.match(frame, /^\[\+\] Build failed after 5\.3s/);
  assert.match(frame, /✘ \[3\/3\] RUN echo about to fail.* ERROR \d+\.\ds/);
  assert.match(frame, /\n {4}line 1\n(.*\n){4} {4}line 6\n/);
  assert.match(frame, /did not complete successfully: exit code: 7/);
  assert.match(frame, /✔ \[2\/3\] RUN echo step one +CACHED/);
});

test("while building: spinner, the running step's last lines, a narrow terminal truncates", () => {
  // The hello-world capture replayed up to the apt-get step's last line.
  const state = stateOf('rawjson-hello-world.txt', 'Setting up tini');
  const step = Object.values(state.steps).find((s) => s.name.startsWith('[stage-0  2/10]'));
  const now = (step?.startedAt ?? 0) + 2345;
  const frame = renderFrame({ ...base, state, now, outcome: undefined }, 60);
  assert.match(frame, /^\[\+\] Building 5\.3s \(11\/20\)/);
  assert.match(frame, /⠋ \[stage-0 {2}2\/10\] RUN --mount=type=cache.* 2\.3s\n/);
  assert.match(frame, /\n {4}Setting up tini \(0\.19\.0-1\+b3\) \.\.\.(\n|$)/);
  assert.ok(frame.split('\n').every((line) => line.length <= 60));
});

test('the frame never outgrows the terminal: oldest finished steps fold away', () => {
  const state = stateOf('rawjson-hello-world.txt');
  const { blocks, hidden } = visibleBlocks({ ...base, state, rows: 8, outcome: undefined });
  assert.equal(blocks.length, 5);
  assert.equal(hidden, 16);
  assert.equal(blocks.at(-1)?.step.name, 'exporting to image');
  assert.equal(headerText({ ...base, state, outcome: undefined }), '[+] Building 5.3s (21/21)');
  assert.equal(humanSize(604151), '604.15kB');
  assert.equal(humanSize(30), '30B');
});

test('runner: reads buildx stderr, leaves the summary, then hands over the plain text', async () => {
  const terminal = new FakeTerminal();
  const text: string[] = [];
  const libraries = await loadViewLibraries();
  assert.ok(libraries, 'react and ink load at run time');
  const session = await startBuildProgress(Readable.from([fixture('rawjson-failed-run.txt')]), {
    libraries,
    out: terminal,
    onText: (line) => text.push(line),
    debug: true,
    intervalMs: 10,
  });
  const state = await session.finish('failed');
  assert.equal(Object.keys(state.steps).length, 6);
  assert.match(terminal.lastFrame, /^\[\+\] Build failed after/);
  assert.match(terminal.lastFrame, /exit code: 7/);
  assert.equal(text[0], 'Dockerfile:3');
  assert.match(text.at(-1) ?? '', /^ERROR: failed to solve: /);
});

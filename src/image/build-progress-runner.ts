// Drives the terminal view of one build: reads the stderr of `docker buildx build
// --progress=rawjson` line by line, folds the events into BuildProgressState and re-renders the
// ink view on a timer (so a burst of events costs one frame, and spinners move while a step is
// quiet). Lines that are not events (BuildKit's final error block) are handed to `onText`, after
// the view has left its summary, so they print below it exactly as buildx wrote them.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import {
  initialBuildProgress,
  reduceBuildProgress,
  type BuildProgressState,
} from './build-progress-state.ts';
import { createRawjsonSplitter, type RawjsonItem } from './build-progress-stream.ts';
import type { ViewLibraries } from './build-progress-view.ts';

export interface TerminalStream extends NodeJS.WritableStream {
  isTTY?: boolean;
  columns?: number;
  rows?: number;
}

export interface ProgressSession {
  /** Ends the view with the summary frame; resolves with the final state. Idempotent. */
  finish(outcome: 'succeeded' | 'failed'): Promise<BuildProgressState>;
}

/**
 * react and ink, loaded only when a build draws on a terminal (other commands stay fast: they are
 * a lazily loaded chunk of the CLI bundle); or undefined when they cannot be loaded, and the
 * caller keeps BuildKit's own renderer.
 */
export async function loadViewLibraries(): Promise<ViewLibraries | undefined> {
  try {
    const [react, ink] = await Promise.all([import('react'), import('ink')]);
    // `default` is React itself both under Node's CommonJS interop and in an esbuild bundle
    // (where the namespace object has no createElement).
    return { React: react.default as ViewLibraries['React'], ink: ink as ViewLibraries['ink'] };
  } catch {
    return undefined;
  }
}

export interface ProgressRunnerOptions {
  libraries: ViewLibraries;
  /** The terminal (our stderr). */
  out: TerminalStream;
  /** Plain text lines (not events), in order; written after the summary. */
  onText: (line: string) => void;
  /** Frame interval; default 100 ms. */
  intervalMs?: number;
  /** Every frame is written whole (tests read the last one). */
  debug?: boolean;
}

/**
 * Starts the view over `input` (buildx's stderr). The caller awaits buildx, then `finish()`es
 * with its outcome: the input may end before or after the process does.
 */
export async function startBuildProgress(
  input: Readable,
  options: ProgressRunnerOptions,
): Promise<ProgressSession> {
  const { React, ink } = options.libraries;
  const { createBuildProgressView } = await import('./build-progress-view.ts');
  const View = createBuildProgressView(options.libraries);
  const started = Date.now();
  let state = initialBuildProgress;
  let frame = 0;
  const text: string[] = [];
  const element = (outcome: 'succeeded' | 'failed' | undefined) =>
    React.createElement(View, {
      state,
      now: Date.now(),
      elapsedMs: Date.now() - started,
      frame,
      outcome,
      rows: options.out.rows ?? 24,
    });
  const instance = ink.render(element(undefined), {
    stdout: options.out as NodeJS.WriteStream,
    patchConsole: false,
    exitOnCtrlC: false,
    debug: options.debug ?? false,
  });
  const timer = setInterval(() => {
    frame++;
    instance.rerender(element(undefined));
  }, options.intervalMs ?? 100);

  const splitter = createRawjsonSplitter();
  const take = (items: RawjsonItem[]) => {
    for (const item of items) {
      if (item.kind === 'status') state = reduceBuildProgress(state, item.status);
      else text.push(item.line);
    }
  };
  const lines = createInterface({ input, crlfDelay: Infinity });
  const drained = (async () => {
    for await (const line of lines) take(splitter.push(line));
    take(splitter.end());
  })();

  let finished: Promise<BuildProgressState> | undefined;
  const finish = async (outcome: 'succeeded' | 'failed') => {
    // The stream closes with the process; a read error must not hide the build's result.
    await drained.catch(() => undefined);
    clearInterval(timer);
    instance.rerender(element(outcome));
    instance.unmount();
    await instance.waitUntilExit().catch(() => undefined);
    for (const line of text) options.onText(line);
    return state;
  };
  return {
    // Idempotent, so callers can also call it from a `finally`.
    finish: (outcome) => (finished ??= finish(outcome)),
  };
}

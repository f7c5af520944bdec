// The state behind the terminal view of a build: BuildKit's solve-status events (rawjson, see
// build-progress-stream.ts) folded into one step per vertex. A pure reducer, so the rules are
// table-tested against a real captured stream; times come from the events, never the clock.
import type {
  RawSolveStatus,
  RawVertex,
  RawVertexLog,
  RawVertexStatus,
} from './build-progress-stream.ts';

/** How many finished log lines a step keeps (the view shows the last few of a running step). */
export const LOG_TAIL_LINES = 6;

export interface StepStatus {
  id: string;
  current: number;
  total: number | undefined;
  done: boolean;
}

export interface BuildStep {
  digest: string;
  name: string;
  /** Epoch ms; a vertex that is restarted gets the new start. */
  startedAt: number | undefined;
  completedAt: number | undefined;
  cached: boolean;
  error: string | undefined;
  /** Rank among the steps by first start: the order steps are listed in. */
  startRank: number | undefined;
  statuses: readonly StepStatus[];
  /** The last complete output lines, control characters removed. */
  logTail: readonly string[];
  /** Output after the last newline (a progress bar being redrawn, a prompt). */
  logPartial: string;
  warnings: readonly string[];
}

export interface BuildProgressState {
  steps: Readonly<Record<string, BuildStep>>;
  /** Digests in the order BuildKit first mentioned them. */
  order: readonly string[];
  /** Steps started so far. */
  startedCount: number;
  /** Earliest start and latest time seen in any event (epoch ms). */
  firstAt: number | undefined;
  lastAt: number | undefined;
}

export type StepPhase = 'pending' | 'running' | 'done' | 'cached' | 'failed';

export const initialBuildProgress: BuildProgressState = {
  steps: {},
  order: [],
  startedCount: 0,
  firstAt: undefined,
  lastAt: undefined,
};

/** Folds one solve-status event into the state. */
export function reduceBuildProgress(
  state: BuildProgressState,
  event: RawSolveStatus,
): BuildProgressState {
  let next = state;
  for (const vertex of event.vertexes ?? []) next = applyVertex(next, vertex);
  for (const status of event.statuses ?? []) next = applyStatus(next, status);
  for (const log of event.logs ?? []) next = applyLog(next, log);
  for (const warning of event.warnings ?? [])
    next = updateStep(next, warning.vertex, (step) => ({
      ...step,
      warnings: [...step.warnings, decodeBase64(warning.short ?? '').trim()],
    }));
  return next;
}

export function stepPhase(step: BuildStep): StepPhase {
  if (step.error !== undefined && step.error !== '') return 'failed';
  if (step.completedAt !== undefined) return step.cached ? 'cached' : 'done';
  return step.startedAt === undefined ? 'pending' : 'running';
}

/** Milliseconds from start to completion, or to `now` while the step runs. */
export function stepDurationMs(step: BuildStep, now?: number): number | undefined {
  if (step.startedAt === undefined) return undefined;
  const end = step.completedAt ?? now;
  return end === undefined ? undefined : Math.max(0, end - step.startedAt);
}

/** Elapsed build time according to the events. */
export function buildElapsedMs(state: BuildProgressState): number {
  if (state.firstAt === undefined || state.lastAt === undefined) return 0;
  return Math.max(0, state.lastAt - state.firstAt);
}

/** Started steps in the order they started, then the pending ones as BuildKit listed them. */
export function orderedSteps(state: BuildProgressState): BuildStep[] {
  const steps = state.order.flatMap((digest) => state.steps[digest] ?? []);
  const rank = (step: BuildStep) => step.startRank ?? Number.MAX_SAFE_INTEGER;
  return steps.sort((a, b) => rank(a) - rank(b));
}

/** The last log lines of a step, its unfinished line included. */
export function stepLogLines(step: BuildStep, count: number): string[] {
  const partial = visibleLine(step.logPartial);
  const lines = partial === '' ? [...step.logTail] : [...step.logTail, partial];
  return lines.slice(-count);
}

function applyVertex(state: BuildProgressState, vertex: RawVertex): BuildProgressState {
  const startedAt = parseTime(vertex.started);
  const completedAt = parseTime(vertex.completed);
  const firstStart = startedAt !== undefined && state.steps[vertex.digest]?.startRank === undefined;
  const next = updateStep(state, vertex.digest, (step) => ({
    ...step,
    name: vertex.name ?? step.name,
    // Each event carries the whole vertex: no `completed` means it (re)started.
    startedAt: startedAt ?? step.startedAt,
    completedAt,
    // A cache hit is reported once; the vertex's later events may omit it.
    cached: step.cached || vertex.cached === true,
    error: vertex.error === undefined || vertex.error === '' ? undefined : vertex.error,
    startRank: firstStart ? state.startedCount : step.startRank,
  }));
  const counted = firstStart ? { ...next, startedCount: next.startedCount + 1 } : next;
  return seeTimes(counted, startedAt, completedAt);
}

function applyStatus(state: BuildProgressState, status: RawVertexStatus): BuildProgressState {
  const entry: StepStatus = {
    id: status.id,
    current: status.current ?? 0,
    total: status.total,
    done: parseTime(status.completed) !== undefined,
  };
  const next = updateStep(state, status.vertex, (step) => {
    const index = step.statuses.findIndex((s) => s.id === status.id);
    const statuses = index === -1 ? [...step.statuses, entry] : step.statuses.with(index, entry);
    return { ...step, statuses };
  });
  return seeTimes(next, undefined, parseTime(status.timestamp));
}

function applyLog(state: BuildProgressState, log: RawVertexLog): BuildProgressState {
  const text = decodeBase64(log.data ?? '');
  const next = updateStep(state, log.vertex, (step) => {
    const pieces = (step.logPartial + text).replace(/\r\n/g, '\n').split('\n');
    const partial = pieces.pop() ?? '';
    const complete = pieces.map(visibleLine);
    return {
      ...step,
      logTail: [...step.logTail, ...complete].slice(-LOG_TAIL_LINES),
      // Keep the raw partial (a later chunk may finish it); `visibleLine` applies `\r` when shown.
      logPartial: partial,
    };
  });
  return seeTimes(next, undefined, parseTime(log.timestamp));
}

/** What a terminal would show for one line: text after the last `\r`, no escapes. */
export function visibleLine(raw: string): string {
  // A line ending in `\r` is shown as it was before the return.
  const trimmed = raw.replace(/\r+$/, '');
  const afterReturn = trimmed.slice(trimmed.lastIndexOf('\r') + 1);
  return (
    afterReturn
      // eslint-disable-next-line no-control-regex
      .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '')
      .replace(/\t/g, '    ')
      // eslint-disable-next-line no-control-regex
      .replace(/[\x00-\x1f\x7f]/g, '')
  );
}

function updateStep(
  state: BuildProgressState,
  digest: string,
  change: (step: BuildStep) => BuildStep,
): BuildProgressState {
  const existing = state.steps[digest];
  const step = change(existing ?? emptyStep(digest));
  return {
    ...state,
    steps: { ...state.steps, [digest]: step },
    order: existing === undefined ? [...state.order, digest] : state.order,
  };
}

function emptyStep(digest: string): BuildStep {
  return {
    digest,
    name: digest,
    startedAt: undefined,
    completedAt: undefined,
    cached: false,
    error: undefined,
    startRank: undefined,
    statuses: [],
    logTail: [],
    logPartial: '',
    warnings: [],
  };
}

function seeTimes(
  state: BuildProgressState,
  start: number | undefined,
  end: number | undefined,
): BuildProgressState {
  const firstAt = start === undefined ? state.firstAt : Math.min(state.firstAt ?? start, start);
  const latest = end ?? start;
  const lastAt = latest === undefined ? state.lastAt : Math.max(state.lastAt ?? latest, latest);
  return firstAt === state.firstAt && lastAt === state.lastAt
    ? state
    : { ...state, firstAt, lastAt };
}

/** RFC 3339 with nanoseconds; Go's zero time (year 1) means "not set". */
function parseTime(value: string | undefined): number | undefined {
  if (value === undefined || value.startsWith('0001-')) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function decodeBase64(data: string): string {
  return Buffer.from(data, 'base64').toString('utf8');
}

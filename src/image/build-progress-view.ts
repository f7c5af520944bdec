// The terminal view of a build: an ink component tree drawn from BuildProgressState. One line
// per started step (spinner or tick, CACHED or its duration), the last output lines under
// running steps, the error under a failed one; when the build ends, a compact summary. ink and
// react are passed in (the runner imports them lazily), and no `.tsx`: Node's type stripping
// does not run JSX, so elements are built with React.createElement.
import type * as ReactModule from 'react';
import type * as InkModule from 'ink';
import {
  LOG_TAIL_LINES,
  orderedSteps,
  stepDurationMs,
  stepLogLines,
  stepPhase,
  type BuildProgressState,
  type BuildStep,
  type StepPhase,
} from './build-progress-state.ts';

export interface ViewLibraries {
  React: typeof ReactModule;
  ink: typeof InkModule;
}

export interface BuildProgressViewProps {
  state: BuildProgressState;
  /** Wall-clock ms, for the durations of running steps. */
  now: number;
  /** Elapsed time of the whole build. */
  elapsedMs: number;
  /** Spinner animation frame. */
  frame: number;
  /** Set once buildx has exited: the frame becomes the summary. */
  outcome: 'succeeded' | 'failed' | undefined;
  /** Terminal height: the frame never grows taller (ink would clear the screen). */
  rows: number;
}

/** Output lines shown under a running or failed step. */
export const LOG_LINES_SHOWN = 4;
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

interface StepBlock {
  step: BuildStep;
  phase: StepPhase;
  logs: string[];
}

export function createBuildProgressView({ React, ink }: ViewLibraries) {
  const h = React.createElement;
  const { Box, Text } = ink;

  function StepLine({ block, props }: { block: StepBlock; props: BuildProgressViewProps }) {
    const { step, phase } = block;
    const icon =
      phase === 'running'
        ? h(Text, { color: 'cyan' }, SPINNER[props.frame % SPINNER.length])
        : phase === 'failed'
          ? h(Text, { color: 'red' }, '✘')
          : h(Text, { color: 'green' }, '✔');
    const right =
      phase === 'cached'
        ? h(Text, { color: 'blue' }, 'CACHED')
        : h(
            Text,
            { color: phase === 'failed' ? 'red' : undefined },
            stepRightText(block, props.now),
          );
    return h(
      Box,
      { flexDirection: 'column' },
      h(
        Box,
        { flexDirection: 'row' },
        h(Box, { width: 2, flexShrink: 0 }, icon),
        h(Box, { flexGrow: 1, flexShrink: 1 }, h(Text, { wrap: 'truncate-end' }, step.name)),
        h(Box, { flexShrink: 0, marginLeft: 1 }, right),
      ),
      ...block.logs.map((line, index) =>
        h(
          Box,
          { key: `log${index}`, paddingLeft: 4 },
          h(Text, { dimColor: true, wrap: 'truncate-end' }, line),
        ),
      ),
      phase === 'failed'
        ? h(
            Box,
            { key: 'error', paddingLeft: 4 },
            h(Text, { color: 'red', wrap: 'wrap' }, step.error),
          )
        : null,
    );
  }

  return function BuildProgressView(props: BuildProgressViewProps) {
    const { blocks, hidden } = visibleBlocks(props);
    return h(
      Box,
      { flexDirection: 'column' },
      h(Text, { bold: true }, headerText(props)),
      hidden > 0 ? h(Text, { dimColor: true }, `  … ${hidden} more finished steps`) : null,
      ...blocks.map((block) => h(StepLine, { key: block.step.digest, block, props })),
    );
  };
}

/** `[+] Building 3.2s (12/21)`, or the summary line once buildx has exited. */
export function headerText(props: BuildProgressViewProps): string {
  const steps = orderedSteps(props.state);
  const finished = steps.filter((s) => s.completedAt !== undefined).length;
  const cached = steps.filter((s) => stepPhase(s) === 'cached').length;
  const time = seconds(props.elapsedMs);
  if (props.outcome === 'succeeded')
    return `[+] Built in ${time} (${steps.length} steps, ${cached} cached)`;
  if (props.outcome === 'failed') return `[+] Build failed after ${time}`;
  return `[+] Building ${time} (${finished}/${steps.length})`;
}

/**
 * The steps to draw, oldest first. While building: every started step. In the summary: the
 * Dockerfile's own steps (BuildKit's `[internal]` and `[context …]` loads are only counted).
 * Finished steps are dropped oldest first until the frame fits the terminal.
 */
export function visibleBlocks(props: BuildProgressViewProps): {
  blocks: StepBlock[];
  hidden: number;
} {
  const summary = props.outcome !== undefined;
  const candidates = orderedSteps(props.state)
    .map((step) => ({ step, phase: stepPhase(step) }))
    .filter(({ step, phase }) => {
      if (phase === 'pending') return false;
      if (!summary || phase === 'failed') return true;
      return !/^\[(internal|context [^\]]*)\]/.test(step.name);
    })
    .map(({ step, phase }) => ({
      step,
      phase,
      // A failed step keeps all its remembered output: it is what the user needs to read.
      logs:
        phase === 'failed'
          ? stepLogLines(step, LOG_TAIL_LINES)
          : phase === 'running' && !summary
            ? stepLogLines(step, LOG_LINES_SHOWN)
            : [],
    }));
  // The header, the "… more" line, one spare line for the cursor.
  const budget = Math.max(3, props.rows - 3);
  const height = (block: StepBlock) => 1 + block.logs.length + (block.phase === 'failed' ? 1 : 0);
  let total = candidates.reduce((sum, block) => sum + height(block), 0);
  const blocks = [...candidates];
  let hidden = 0;
  while (total > budget) {
    const index = blocks.findIndex((b) => b.phase === 'done' || b.phase === 'cached');
    const drop = index === -1 ? 0 : index;
    const [removed] = blocks.splice(drop, 1);
    if (removed === undefined) break;
    total -= height(removed);
    hidden++;
  }
  return { blocks, hidden };
}

function stepRightText(block: StepBlock, now: number): string {
  const duration = stepDurationMs(block.step, now);
  const time = duration === undefined ? '' : seconds(duration);
  if (block.phase === 'failed') return `ERROR ${time}`.trim();
  if (block.phase !== 'running') return time;
  const status = block.step.statuses.findLast((s) => !s.done);
  if (status === undefined || status.current === 0) return time;
  const amount =
    status.total === undefined
      ? humanSize(status.current)
      : `${humanSize(status.current)}/${humanSize(status.total)}`;
  return `${status.id} ${amount} ${time}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** Decimal units, as BuildKit prints transfer sizes. */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value}B` : `${value.toFixed(2)}${units[unit]}`;
}

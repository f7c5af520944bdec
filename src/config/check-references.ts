// `run` / `predict` / `train` (§1.6 b, c): run and predict are one setting under two names
// (predict is deprecated), so only one may be set; each reference must be `<file>.py:<name>`
// or, for a TypeScript/JavaScript predictor, `<file>.ts:<name>` (also .mts, .js, .mjs).
import { parseRunnerReference } from '../runner-reference.ts';
import { report, type CheckContext } from './check-context.ts';
import { referenceProblem } from './value-grammars.ts';

function isReference(ref: string): boolean {
  return parseRunnerReference(ref) !== null;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function checkRunAndPredict(ctx: CheckContext): void {
  const run = text(ctx.raw.run);
  const predict = text(ctx.raw.predict);
  if (run !== '' && predict !== '') {
    report(ctx, {
      code: 'CONFIG_RUN',
      field: 'run',
      message: 'only one of run or predict can be set',
      path: ['predict'],
      atKey: true,
    });
    return;
  }
  if (run !== '') checkReference(ctx, 'CONFIG_RUN', 'run', run, 'run.py:Runner');
  if (predict !== '') checkReference(ctx, 'CONFIG_RUN', 'predict', predict, 'predict.py:Predictor');
}

/**
 * The original's test (one `.py:`), then the parts: the reference is written into the image's
 * environment, so it must be one line, and the name after `:` must be a Python identifier.
 */
function checkReference(
  ctx: CheckContext,
  code: 'CONFIG_RUN' | 'CONFIG_TRAIN',
  field: 'run' | 'predict' | 'train',
  ref: string,
  example: string,
): void {
  const problem = !isReference(ref) ? `must be in the form '${example}'` : referenceProblem(ref);
  if (problem === undefined) return;
  report(ctx, { code, field, value: ref, message: problem, path: [field] });
}

export function checkTrain(ctx: CheckContext): void {
  const train = ctx.config.train;
  if (train !== undefined) checkReference(ctx, 'CONFIG_TRAIN', 'train', train, 'train.py:Trainer');
}

// `run` / `predict` / `train` (§1.6 b, c): run and predict are one setting under two names
// (predict is deprecated), so only one may be set; each reference must be `<file>.py:<name>`
// or, for a TypeScript/JavaScript predictor, `<file>.ts:<name>` (also .mts, .js, .mjs).
import { parseRunnerReference } from '../runner-reference.ts';
import { report, type CheckContext } from './check-context.ts';

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
  if (run !== '' && !isReference(run)) {
    report(ctx, {
      code: 'CONFIG_RUN',
      field: 'run',
      value: run,
      message: "must be in the form 'run.py:Runner'",
      path: ['run'],
    });
  }
  if (predict !== '' && !isReference(predict)) {
    report(ctx, {
      code: 'CONFIG_RUN',
      field: 'predict',
      value: predict,
      message: "must be in the form 'predict.py:Predictor'",
      path: ['predict'],
    });
  }
}

export function checkTrain(ctx: CheckContext): void {
  const train = ctx.config.train;
  if (train !== undefined && !isReference(train)) {
    report(ctx, {
      code: 'CONFIG_TRAIN',
      field: 'train',
      value: train,
      message: "must be in the form 'train.py:Trainer'",
      path: ['train'],
    });
  }
}

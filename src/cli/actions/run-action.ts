// `cog run [image]` and the deprecated `cog predict` (cli.md §3): one prediction.
import type { CommandContext } from '../command-context.ts';
import { predictionAction } from './prediction-action.ts';
import type { PredictionFlags, RunFlags } from './prediction-options.ts';

export interface RunOptions extends PredictionFlags, RunFlags {
  /** Hidden `--dockerfile`: registered for compatibility, ignored as in the original. */
  dockerfile: string | undefined;
}

export async function runAction(options: RunOptions, context: CommandContext): Promise<void> {
  await predictionAction(
    { ...options, mode: 'predict', commandName: 'cog run', alwaysToFile: false },
    context,
  );
}

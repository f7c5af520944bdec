// `cog train [image]` (cli.md §4): one training; every output goes to a file (`-o`, default
// `weights`).
import type { CommandContext } from '../command-context.ts';
import { predictionAction } from './prediction-action.ts';
import type { PredictionFlags } from './prediction-options.ts';

export interface TrainOptions extends PredictionFlags {
  /** `-o, --output`, default `weights`. */
  output: string;
  /** Hidden `--dockerfile`: registered, ignored. */
  dockerfile: string | undefined;
}

/** The original gives training the same setup timeout as `cog run`'s default. */
const TRAIN_SETUP_TIMEOUT_SECONDS = 300;

export async function trainAction(options: TrainOptions, context: CommandContext): Promise<void> {
  await predictionAction(
    {
      ...options,
      mode: 'train',
      commandName: 'cog train',
      alwaysToFile: true,
      json: undefined,
      useReplicateToken: false,
      setupTimeout: TRAIN_SETUP_TIMEOUT_SECONDS,
    },
    context,
  );
}

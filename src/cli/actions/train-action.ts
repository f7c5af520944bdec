// `cog train [image]` (cli.md §4): one training in a container; every output goes to a file
// (`-o`, default `weights`).
import type { CommandContext } from '../command-context.ts';
import type { TrainOptions } from '../commands/train.ts';
import { runPredictionCommand } from './prediction-command.ts';

/** The original gives training the same setup timeout as `cog run`'s default. */
const TRAIN_SETUP_TIMEOUT_SECONDS = 300;

export async function trainAction(options: TrainOptions, context: CommandContext): Promise<void> {
  const remote = options.remote;
  const go =
    remote === undefined
      ? runPredictionCommand
      : async (o: Parameters<typeof runPredictionCommand>[0], c: CommandContext) => {
          const { runRemotePrediction } = await import('./remote-prediction.ts');
          await runRemotePrediction(o, remote, c);
        };
  await go(
    {
      mode: 'train',
      commandName: 'cog train',
      image: options.image,
      inputs: options.inputs,
      json: undefined,
      output: options.output,
      alwaysToFile: true,
      env: options.env,
      gpus: options.gpus,
      setupTimeout: TRAIN_SETUP_TIMEOUT_SECONDS,
      progress: options.progress,
      file: options.file,
      useCudaBaseImage: options.useCudaBaseImage,
      useCogBaseImage: options.useCogBaseImage,
      useReplicateToken: false,
    },
    context,
  );
}

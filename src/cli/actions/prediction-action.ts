// One prediction or training, local (a container) or `--remote colonies`; both halves are
// loaded lazily, so a local run never loads the ColonyOS client.
import type { CommandContext } from '../command-context.ts';
import type { PredictionCommandOptions } from './prediction-options.ts';

export async function predictionAction(
  options: PredictionCommandOptions,
  context: CommandContext,
): Promise<void> {
  const remote = options.remote;
  if (remote === undefined) {
    const { runLocalPrediction } = await import('./local-prediction.ts');
    await runLocalPrediction(options, context);
  } else {
    const { runRemotePrediction } = await import('./remote-prediction.ts');
    await runRemotePrediction(options, remote, context);
  }
}

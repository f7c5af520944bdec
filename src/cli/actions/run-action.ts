// `cog run [image]` and the deprecated `cog predict` (cli.md §3): one prediction in a container.
import type { CommandContext } from '../command-context.ts';
import type { RunOptions } from '../commands/run.ts';
import { runPredictionCommand } from './prediction-command.ts';

export async function runAction(options: RunOptions, context: CommandContext): Promise<void> {
  const run = runPredictionCommand;
  const remote = options.remote;
  const go =
    remote === undefined
      ? run
      : async (o: Parameters<typeof run>[0], c: CommandContext) => {
          const { runRemotePrediction } = await import('./remote-prediction.ts');
          await runRemotePrediction(o, remote, c);
        };
  await go(
    {
      mode: 'predict',
      commandName: 'cog run',
      image: options.image,
      inputs: options.inputs,
      json: options.json,
      output: options.output,
      alwaysToFile: false,
      env: options.env,
      gpus: options.gpus,
      setupTimeout: options.setupTimeout,
      progress: options.progress,
      file: options.file,
      useCudaBaseImage: options.useCudaBaseImage,
      useCogBaseImage: options.useCogBaseImage,
      useReplicateToken: options.useReplicateToken,
    },
    context,
  );
}

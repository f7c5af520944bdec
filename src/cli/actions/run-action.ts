// `cog run [image]` and the deprecated `cog predict` (cli.md §3): one prediction in a container.
import type { CommandContext } from '../command-context.ts';
import type { RunOptions } from '../commands/run.ts';
import { runPredictionCommand } from './prediction-command.ts';

export async function runAction(options: RunOptions, context: CommandContext): Promise<void> {
  await runPredictionCommand(
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

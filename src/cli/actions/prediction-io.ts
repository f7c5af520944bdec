// The command context as the predict stage's seams, shared by the local and the remote
// prediction actions: inputs read from the command's stdin and the file system, output
// printed through its console.
import { nodeInputIo } from '../../predict/input-files.ts';
import type { OutputSink } from '../../predict/prediction-output.ts';
import { readPredictionInputs, type PredictionInputs } from '../../predict/prediction-inputs.ts';
import type { CommandContext } from '../command-context.ts';
import type { PredictionCommandOptions } from './prediction-options.ts';

/** `-i`/`--json` read and parsed once, before anything is built; resolved per schema later. */
export function readInputs(
  options: Pick<PredictionCommandOptions, 'inputs' | 'json' | 'mode'>,
  context: CommandContext,
): Promise<PredictionInputs> {
  return readPredictionInputs(
    { flags: options.inputs, json: options.json, mode: options.mode },
    nodeInputIo(context.stdin),
  );
}

export function outputSink(context: CommandContext): OutputSink {
  return {
    stdout: (text) => context.console.output(text),
    raw: (text) => void process.stdout.write(text),
    info: (message) => context.console.info(message),
    warn: (message) => context.console.warn(message),
  };
}

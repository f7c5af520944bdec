// `--dump-schema [--x-mode train]`: start the worker with `schema_only` and print the predictor's OpenAPI document
// on stdout (the build labels the image with it). Exit 1 with the Python traceback on stderr
// when the predictor cannot be loaded. Everything the predictor prints goes to stderr, so
// stdout carries only the JSON.
import type { RuntimeConfig } from './runtime-config.ts';
import { WorkerProcess } from './worker/worker-process.ts';

export async function dumpSchema(
  config: RuntimeConfig,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  let schema: unknown = null;
  let failure: string | null = null;
  const worker = new WorkerProcess(
    { python: config.python, cwd, env },
    {
      message: (message) => {
        if (message.type === 'schema') schema = message.schema;
        else if (message.type === 'load_failed') failure = message.traceback || message.error;
        else if (message.type === 'log') process.stderr.write(message.data);
      },
      rawOutput: (_stream, text) => process.stderr.write(text),
      exit: () => {},
    },
  );
  worker.send({
    type: 'init',
    predictor_ref: config.predictorRef,
    mode: config.mode,
    schema_only: true,
    max_concurrency: 1,
  });
  await worker.exited;
  if (schema !== null) {
    process.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
    return 0;
  }
  process.stderr.write(failure ?? 'ERROR: the Python worker exited without reporting a schema.\n');
  return 1;
}

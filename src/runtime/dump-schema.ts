// `--dump-schema [--x-mode train]`: start the worker with `schema_only` and print the predictor's
// OpenAPI document on stdout (the build labels the image with it). In predict mode with a
// `train:` reference configured too, both documents are loaded and printed as ONE merged
// document (the original's `cog build` merge). Exit 1 with the Python traceback on stderr when a
// predictor cannot be loaded, or with a clear error when loading takes longer than
// COG_DUMP_SCHEMA_TIMEOUT seconds (default 120: a module that hangs at import must not hang the
// build). Everything the predictor prints goes to stderr, so stdout carries only the JSON.
import {
  mergeDocuments,
  type OpenApiDocument,
  type PredictionMode,
} from '../contracts/openapi-document.ts';
import { launcherFor } from './core/launcher-for.ts';
import type { WorkerLauncher } from './core/worker-launcher.ts';
import type { RuntimeConfig } from './runtime-config.ts';
import { WorkerProcess } from './worker/worker-process.ts';

type LoadResult = { schema: OpenApiDocument } | { failure: string };

export async function dumpSchema(
  config: RuntimeConfig,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const options = (predictorRef: string) => ({
    launcher: launcherFor({ python: config.python, predictorRef }, env),
    cwd,
    env,
    timeoutSeconds: config.dumpSchemaTimeoutSeconds,
  });
  const main = await loadSchema(options(config.predictorRef), config.predictorRef, config.mode);
  if ('failure' in main) return fail(main.failure);
  let schema = main.schema;
  if (config.trainRef !== null) {
    const train = await loadSchema(options(config.trainRef), config.trainRef, 'train');
    if ('failure' in train) return fail(train.failure);
    schema = mergeDocuments(schema, train.schema);
  }
  process.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
  return 0;
}

function fail(message: string): number {
  process.stderr.write(message.endsWith('\n') ? message : `${message}\n`);
  return 1;
}

/** One worker in `schema_only` mode: it imports the predictor, reports the schema and exits. */
async function loadSchema(
  options: {
    launcher: WorkerLauncher;
    cwd: string;
    env: NodeJS.ProcessEnv;
    timeoutSeconds: number;
  },
  predictorRef: string,
  mode: PredictionMode,
): Promise<LoadResult> {
  let schema: OpenApiDocument | null = null;
  let failure: string | null = null;
  const { launcher } = options;
  const launch = { ...launcher.command(options.env), cwd: options.cwd };
  const worker = new WorkerProcess(
    { ...launch, description: launcher.description },
    {
      message: (message) => {
        if (message.type === 'schema') schema = message.schema as OpenApiDocument;
        else if (message.type === 'load_failed') failure = message.traceback || message.error;
        else if (message.type === 'log') process.stderr.write(message.data);
      },
      rawOutput: (_stream, text) => process.stderr.write(text),
      exit: () => {},
    },
  );
  worker.send({
    type: 'init',
    predictor_ref: predictorRef,
    mode,
    schema_only: true,
    max_concurrency: 1,
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<true>((resolve) => {
    timer = setTimeout(() => resolve(true), options.timeoutSeconds * 1000);
  });
  // Not waiting for the exit after the kill: a subprocess of the predictor may hold its pipes.
  if ((await Promise.race([worker.exited, timedOut])) === true) {
    worker.signal('SIGKILL');
    return {
      failure:
        `ERROR: loading ${predictorRef} for the OpenAPI schema did not finish within ` +
        `${options.timeoutSeconds} s (does the module hang when imported?). ` +
        'Set COG_DUMP_SCHEMA_TIMEOUT (seconds) to allow longer.',
    };
  }
  clearTimeout(timer);
  if (schema !== null) return { schema };
  return {
    failure: failure ?? `ERROR: ${launcher.description} exited without reporting a schema.`,
  };
}

// `cog run|predict|train --remote colonies` (docs/colonies.md): the same inputs, live output and
// final result as a local run, with the prediction executed by a ColonyOS executor of the model.
// The schema comes from the ColonyOS function catalogue (executors register their OpenAPI
// document there), so inputs are checked and coerced before the submit exactly as locally.
// Ctrl-C cancels the remote process and exits 130.
import type { PredictionResponse } from '../../contracts/prediction-envelope.ts';
import type { OpenApiDocument, PredictionMode } from '../../contracts/openapi-document.ts';
import { CogError } from '../../cog-error.ts';
import { ColoniesClient, ColoniesUnreachableError } from '../../colonies/colonies-client.ts';
import { ColoniesConfigError, remoteConfigFromEnv } from '../../colonies/client-config.ts';
import { openapiOf } from '../../colonies/cog-function.ts';
import { ProcessState, type FunctionSpec, type Process } from '../../colonies/colonies-types.ts';
import { runRemotePrediction as followRemote } from '../../colonies/remote-prediction.ts';
import { ColoniesRpcError } from '../../colonies/rpc-message.ts';
import { defaultImageName } from '../../config/index.ts';
import { withCleanup } from '../../image/cleanup-stack.ts';
import { supportsStreaming, outputSchema } from '../../image/openapi-schema.ts';
import { resolveOutputPath } from '../../predict/output-writer.ts';
import { validationFailureMessage } from '../../predict/prediction-client.ts';
import { handlePredictionOutput, StreamPrinter } from '../../predict/prediction-output.ts';
import type { CommandContext } from '../command-context.ts';
import { SilentExit } from '../silent-exit.ts';
import { loadProject } from './load-project.ts';
import { outputSink, readInputs } from './prediction-io.ts';
import type { PredictionCommandOptions, RemoteOptions } from './prediction-options.ts';

/** Inputs travel inside the process (ColonyOS has no blob path): larger files need a URL. */
const MAX_INLINE_BYTES = 8 * 1024 * 1024;

export async function runRemotePrediction(
  options: PredictionCommandOptions,
  remote: RemoteOptions,
  context: CommandContext,
): Promise<void> {
  const inputs = await readInputs(options, context);
  const config = remoteConfig(context.env);
  // The executor's container and devices are its operator's: local container flags do not travel.
  if (options.env.length > 0 || options.gpus !== undefined)
    context.console.warn(
      '-e and --gpus are ignored with --remote (the executor runs its own container)',
    );
  const executorType =
    remote.executorType ?? options.image ?? projectExecutorType(options, context);
  const client = new ColoniesClient(config.server, config.userKey);
  const funcname = options.mode === 'train' ? 'train' : 'predict';
  const doc = await catalogueSchema(client, config.colonyName, executorType, funcname);
  const input = await inputs.resolve(doc);
  const size = Buffer.byteLength(JSON.stringify(input));
  if (size > MAX_INLINE_BYTES)
    throw new CogError(
      'INVALID_INPUT',
      `The inputs are ${Math.ceil(size / 1048576)} MB; --remote sends at most 8 MB inline`,
      {
        hint: 'Pass large files as URLs (-i name=https://...).',
      },
    );
  const output = await resolveOutputPath(options.output, {
    json: options.json !== undefined,
    cwd: context.cwd,
  });
  const spec: FunctionSpec = {
    funcname,
    kwargs: input,
    conditions: { colonyname: config.colonyName, executortype: executorType },
    maxexectime: remote.timeout,
    maxretries: remote.retries,
    maxwaittime: remote.queueTimeout === 0 ? -1 : remote.queueTimeout,
    label: 'cog',
    channels: ['output'],
  };
  const schema = outputSchema(doc, options.mode);
  const json = options.json !== undefined;
  const sink = outputSink(context);
  const printer =
    // As a local run: only streaming models print items as they come; other iterators print
    // like lists, once, at the end.
    !json && options.mode === 'predict' && supportsStreaming(doc)
      ? new StreamPrinter({ outputSchema: schema, doc, output, sink })
      : undefined;
  context.console.info(
    options.mode === 'train' ? 'Running training...\n' : 'Running prediction...\n',
  );
  const final = await withCleanup(async (stack, scope) => {
    let processId: string | undefined;
    let done = false;
    // Ctrl-C (or any failure on the way) cancels the remote process: nobody waits for it any more.
    stack.defer(async () => {
      if (processId !== undefined && !done)
        await client
          .cancelProcess(processId, { signal: AbortSignal.timeout(5000) })
          .catch(() => {});
    });
    const finished = await followRemote({
      client,
      colonyName: config.colonyName,
      spec,
      signal: scope.signal,
      onSubmitted: (id) => {
        processId = id;
        context.console.debug(`ColonyOS process ${id}`);
      },
      onLog: writeLog,
      ...(printer === undefined
        ? {}
        : { onItem: (item: unknown, index: number) => printer.push(item, index) }),
    }).catch((error: unknown) => {
      throw remoteError(error, config.server);
    });
    done = true;
    return finished;
  });
  const response = responseOf(final, options.commandName, options.mode);
  if (printer !== undefined && response.status === 'succeeded' && Array.isArray(response.output))
    printer.catchUp(response.output); // items the channel had not delivered before it closed
  await printer?.finish();
  const outcome = await handlePredictionOutput({
    response,
    outputSchema: schema,
    doc,
    output,
    json,
    alwaysToFile: options.alwaysToFile,
    streamed: printer !== undefined && printer.count > 0,
    sink,
  });
  if (outcome === 'failed') throw new SilentExit(1);
}

/** The executor's log lines go to stderr, as a local container's output does. */
function writeLog(text: string): void {
  process.stderr.write(text);
}

function remoteConfig(env: NodeJS.ProcessEnv): ReturnType<typeof remoteConfigFromEnv> {
  try {
    return remoteConfigFromEnv(env);
  } catch (error) {
    if (error instanceof ColoniesConfigError)
      throw new CogError('USAGE', error.message, { hint: error.hint });
    throw error;
  }
}

function projectExecutorType(options: PredictionCommandOptions, context: CommandContext): string {
  const project = loadProject(options.file, context);
  return project.config.image ?? defaultImageName(project.projectDir);
}

async function catalogueSchema(
  client: ColoniesClient,
  colonyName: string,
  executorType: string,
  funcname: string,
): Promise<OpenApiDocument> {
  const functions = await client.getFunctions(colonyName).catch((error: unknown) => {
    throw remoteError(error, client.server);
  });
  for (const f of functions) {
    if (f.executortype !== executorType || f.funcname !== funcname) continue;
    const doc = openapiOf(f);
    if (doc !== null) return doc as OpenApiDocument;
  }
  throw new CogError(
    'REMOTE_NO_EXECUTOR',
    `No executor of type "${executorType}" offers ${funcname} in colony ${colonyName}`,
    {
      hint: `Start one with \`cog serve --executor colonies --executor-type ${executorType}\`, or pass the type with --executor-type.`,
    },
  );
}

function remoteError(error: unknown, server: { host: string; port: number }): Error {
  if (error instanceof ColoniesUnreachableError)
    return new CogError(
      'REMOTE_UNREACHABLE',
      `Cannot reach the ColonyOS server at ${server.host}:${server.port}`,
      {
        hint: 'Check COLONIES_SERVER_HOST, COLONIES_SERVER_PORT and COLONIES_TLS.',
      },
    );
  if (error instanceof ColoniesRpcError)
    return new CogError('REMOTE_REFUSED', `The ColonyOS server refused: ${error.message}`, {
      hint:
        error.status === 403
          ? 'Is COLONIES_PRVKEY the key of a user of this colony (COLONIES_COLONY_NAME)?'
          : undefined,
    });
  return error as Error;
}

/** The final process as the response a local server would have answered. */
export function responseOf(
  process: Process,
  commandName: string,
  mode: PredictionMode,
): PredictionResponse {
  if (process.state === ProcessState.success) {
    const envelope = (process.out?.[0] ?? {}) as PredictionResponse;
    return { ...envelope, status: envelope.status ?? 'succeeded' };
  }
  if (process.state === ProcessState.cancelled) return { status: 'canceled', error: null };
  const error = process.errors?.[0] ?? 'the process failed';
  if (error.startsWith('{"detail":')) {
    const endpoint = mode === 'train' ? '/trainings' : '/predictions';
    throw new CogError(
      'PREDICTION_FAILED',
      `Failed to run prediction: ${validationFailureMessage(error, endpoint, commandName)}`,
    );
  }
  return { status: 'failed', error };
}

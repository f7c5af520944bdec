// The shared flow of `cog run`/`cog predict` and `cog train` (cli.md §3–§5, §7): check the
// inputs' syntax before anything runs, build a dev image (or read an existing image's labels),
// validate the inputs against the model's schema before the container starts, run one
// prediction/training in a container that is removed on every exit path, write the output.
import type { OpenApiDocument, PredictionMode } from '../../contracts/openapi-document.ts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CogError } from '../../cog-error.ts';
import { withCleanup, type CleanupStack } from '../../image/cleanup-stack.ts';
import { explainOom } from '../../image/container-oom.ts';
import { effectiveGpus, gpuDeviceRequests } from '../../image/container-options.ts';
import { connectDocker, type DockerClient } from '../../image/docker-client.ts';
import { loadModelImage } from '../../image/model-image.ts';
import {
  hasInputProperties,
  isIteratorSchema,
  outputSchema,
  supportsStreaming,
} from '../../image/openapi-schema.ts';
import { resolveOutputPath } from '../../image/output-writer.ts';
import { readSchemaCache, sourceFingerprint, writeSchemaCache } from '../../image/schema-cache.ts';
import { staticModelSchema } from '../../image/static-model-schema.ts';
import {
  bridgeGateway,
  startWebhookListener,
  type WebhookListener,
} from '../../image/webhook-listener.ts';
import { fetchOpenApi, requestPrediction } from '../../image/prediction-client.ts';
import {
  handlePredictionOutput,
  progressLine,
  StreamPrinter,
  type OutputSink,
} from '../../image/prediction-output.ts';
import { predictionEnv, startPredictionServer } from '../../image/prediction-server.ts';
import { runnerLanguageOf, type RunnerLanguage } from '../../runner-reference.ts';
import { parseProgressMode, type ProgressMode } from '../../image/progress-mode.ts';
import type { CommandContext } from '../command-context.ts';
import { SilentExit } from '../silent-exit.ts';
import { parseInputFlags, resolveInputs, type InputSource } from '../predict-inputs.ts';
import { cogVersion } from '../version.ts';
import { buildDevImage } from './dev-build.ts';
import { loadProject } from './load-project.ts';

export interface PredictionCommandOptions {
  mode: PredictionMode;
  /** Shown in the 422 help: `cog run`, `cog train`. */
  commandName: string;
  image: string | undefined;
  inputs: readonly string[];
  json: string | undefined;
  output: string | undefined;
  /** Train writes every output to a file. */
  alwaysToFile: boolean;
  env: readonly string[];
  gpus: string | undefined;
  setupTimeout: number;
  progress: string;
  file: string;
  useCudaBaseImage: string;
  useCogBaseImage: boolean | undefined;
  useReplicateToken: boolean;
}

interface Target {
  image: string;
  schema: OpenApiDocument | undefined;
  binds: string[];
  gpus: string;
  language: RunnerLanguage;
}

export async function runPredictionCommand(
  options: PredictionCommandOptions,
  context: CommandContext,
): Promise<void> {
  if (options.json !== undefined && options.inputs.length > 0) {
    throw new CogError('USAGE', 'Must use one of --json or --input to provide model inputs');
  }
  const source = await readInputSource(options, context);
  gpuDeviceRequests(options.gpus ?? ''); // a bad --gpus value fails before anything is built
  const progress = parseProgressMode(options.progress, context.env);
  const fromSource = options.image === undefined;
  const project = fromSource ? loadProject(options.file, context) : undefined;
  if (!fromSource && options.mode === 'predict' && options.image?.includes('=') === true) {
    throw new CogError('USAGE', `Invalid image name '${options.image}'. Did you forget \`-i\`?`);
  }
  if (project !== undefined && options.mode === 'train')
    requireTrainer(project.config.train, project.configFile);
  const fingerprint = project === undefined ? undefined : await projectFingerprint(project);
  if (project !== undefined)
    await validateBeforeBuild(project, fingerprint, source, options, context);
  const client = await connectDocker(context.env);
  await withCleanup(async (stack, scope) => {
    const target =
      project === undefined
        ? await existingImage(client, options, context)
        : await devImage(client, stack, project, options, progress, context, scope.signal);
    // A training-only document (cog train with predict: configured too) is not the model's.
    const wholeSchema = options.mode === 'predict' || !project?.config.predict;
    if (project !== undefined && target.schema !== undefined && wholeSchema)
      await writeSchemaCache(project.projectDir, fingerprint, target.schema);
    let input =
      target.schema !== undefined && hasInputProperties(target.schema, options.mode)
        ? await resolveInputs({ source, doc: target.schema, mode: options.mode })
        : undefined;
    const output = await resolveOutputPath(options.output, {
      json: options.json !== undefined,
      cwd: context.cwd,
    });
    if (options.json !== undefined && output.explicit && !output.path.endsWith('.json')) {
      context.console.warn(
        `--output value does not have a .json suffix: ${path.basename(output.path)}`,
      );
    }
    // Output webhooks only feed the live progress of iterators, shown on a terminal.
    const webhook =
      options.mode === 'predict' && options.json === undefined && context.console.isInteractive
        ? await outputWebhookListener(client, stack)
        : undefined;
    context.console.info('');
    context.console.info('Starting Docker image and running setup()...');
    const server = await startPredictionServer({
      client,
      stack,
      image: target.image,
      mode: options.mode,
      language: target.language,
      env: predictionEnv({
        userEnv: options.env,
        hostEnv: context.env,
        debug: context.debug,
        forwardRustLog: options.mode === 'predict',
      }),
      binds: target.binds,
      gpus: target.gpus,
      setupTimeoutSeconds: options.setupTimeout,
      logs: process.stderr,
      warn: (m) => context.console.warn(m),
      signal: scope.signal,
    });
    const doc = await fetchOpenApi(server.baseUrl, scope.signal);
    input ??= await resolveInputs({ source, doc, mode: options.mode });
    try {
      await predictOnce({
        webhook,
        options,
        context,
        stack,
        baseUrl: server.baseUrl,
        doc,
        input,
        output,
        signal: scope.signal,
      });
    } catch (error) {
      throw scope.signal.aborted ? error : await explainOom(error, server.container.oomKilled);
    }
  });
}

/** The fingerprint of what decides the schema: Python files, the config, the requirements. */
function projectFingerprint(project: ReturnType<typeof loadProject>): Promise<string | undefined> {
  const requirements = project.config.build?.python_requirements;
  return sourceFingerprint({
    projectDir: project.projectDir,
    extraFiles: [project.configFile, ...(requirements ? [requirements] : [])],
    cogVersion: cogVersion(),
  });
}

/**
 * Bad inputs and bad types are reported before anything is built, as the original does: against
 * the schema read statically from the source, else (a type only Python can resolve) against the
 * schema cached for exactly these sources. The container's schema from the build is used for
 * the real validation afterwards.
 */
async function validateBeforeBuild(
  project: ReturnType<typeof loadProject>,
  fingerprint: string | undefined,
  source: InputSource,
  options: PredictionCommandOptions,
  context: CommandContext,
): Promise<void> {
  const mode = options.mode;
  const early =
    (await staticModelSchema({
      projectDir: project.projectDir,
      config: project.config,
      mode,
      env: context.env,
      sdkVersion: cogVersion(),
    })) ?? (await readSchemaCache(project.projectDir, fingerprint));
  if (early !== undefined && hasInputProperties(early, mode))
    await resolveInputs({ source, doc: early, mode });
}

/** Reads `--json` (stdin/file/literal) once and checks `-i` syntax, before anything is built. */
export async function readInputSource(
  options: PredictionCommandOptions,
  context: CommandContext,
): Promise<InputSource> {
  if (options.json === undefined) {
    parseInputFlags(options.inputs, {}, options.mode);
    return { kind: 'flags', values: options.inputs };
  }
  const value = options.json;
  let text = value;
  if (value === '-' || value === '@-') {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of context.stdin) chunks.push(Buffer.from(chunk as Buffer));
      text = Buffer.concat(chunks).toString('utf8');
    } catch (error) {
      throw new CogError(
        'INVALID_INPUT',
        `Failed to read JSON from stdin: ${(error as Error).message}`,
      );
    }
  } else if (value.startsWith('@')) {
    text = await readFile(value.slice(1), 'utf8').catch((error: Error) => {
      throw new CogError(
        'INVALID_INPUT',
        `Failed to read JSON from file "${value.slice(1)}": ${error.message}`,
      );
    });
  }
  try {
    JSON.parse(text);
  } catch (error) {
    throw new CogError('INVALID_INPUT', `Failed to parse JSON: ${(error as Error).message}`);
  }
  return { kind: 'json', text };
}

async function devImage(
  client: DockerClient,
  stack: CleanupStack,
  project: ReturnType<typeof loadProject>,
  options: PredictionCommandOptions,
  progress: ProgressMode,
  context: CommandContext,
  signal: AbortSignal,
): Promise<Target> {
  const built = await buildDevImage(
    {
      client,
      stack,
      project,
      progress,
      flags: options,
      extractSchema: true,
      schemaMode: options.mode,
    },
    signal,
    context,
  );
  // Managed weights: read-only mounts of the local store, never copied into the image.
  const { prepareWeightMounts } = await import('../../weights/weight-mounts.ts');
  const weightBinds = await prepareWeightMounts({
    projectDir: project.projectDir,
    config: project.config,
    env: context.env,
    stack,
  });
  return {
    image: built.name,
    schema: built.schema,
    binds: [`${project.projectDir}:/src`, ...weightBinds],
    gpus: effectiveGpus(options.gpus, project.config.build?.gpu === true),
    language: runnerLanguageOf(project.config.predict || project.config.train),
  };
}

async function existingImage(
  client: DockerClient,
  options: PredictionCommandOptions,
  context: CommandContext,
): Promise<Target> {
  const name = options.image ?? '';
  const model = await loadModelImage(client, name, (m) => context.console.info(m));
  if (options.mode === 'train') {
    const train = model.config.train;
    requireTrainer(typeof train === 'string' ? train : undefined, `the cog.yaml of ${name}`);
  }
  return {
    image: name,
    schema: model.schema,
    binds: [],
    gpus: effectiveGpus(options.gpus, model.config.build?.gpu === true),
    language: model.language,
  };
}

/** `cog train` on a model without `train:` fails here, not inside the container. */
function requireTrainer(train: string | undefined, where: string): void {
  if (train !== undefined && train !== '') return;
  throw new CogError('NO_TRAINER', `this model cannot be trained: ${where} has no "train" entry`, {
    hint: 'Add `train: "train.py:train"` to cog.yaml (a function or class that trains), or use `cog run` to run predictions.',
  });
}

interface PredictOnce {
  /** Listener for `output` webhooks (predict without --json), started before the container. */
  webhook: WebhookListener | undefined;
  options: PredictionCommandOptions;
  context: CommandContext;
  stack: CleanupStack;
  baseUrl: string;
  doc: OpenApiDocument;
  input: Record<string, unknown>;
  output: Awaited<ReturnType<typeof resolveOutputPath>>;
  signal: AbortSignal;
}

async function predictOnce(p: PredictOnce): Promise<void> {
  const { options, context } = p;
  const predictionContext = replicateContext(options, context);
  const schema = outputSchema(p.doc, options.mode);
  const sink = outputSink(context);
  const json = options.json !== undefined;
  const live = !json && options.mode === 'predict';
  // Streaming models (`@cog.streaming`) offer server-sent events, printed as they arrive. Other
  // iterators print like lists (JSON at the end, as the original does); on a terminal their
  // items are shown on stderr as they arrive (output webhooks).
  const sse = live && supportsStreaming(p.doc);
  const printer = sse
    ? new StreamPrinter({ outputSchema: schema, doc: p.doc, output: p.output, sink })
    : undefined;
  let finished = false;
  let shown = 0;
  const listener = live && !sse && isIteratorSchema(schema, p.doc) ? p.webhook : undefined;
  if (listener !== undefined) {
    listener.onPayload = (body) => {
      const output = (body as { output?: unknown }).output;
      if (finished || !Array.isArray(output)) return;
      for (; shown < output.length; shown++) context.console.info(progressLine(output[shown]));
    };
  }
  context.console.info(
    options.mode === 'train' ? 'Running training...\n' : 'Running prediction...\n',
  );
  const response = await requestPrediction({
    baseUrl: p.baseUrl,
    mode: options.mode,
    input: p.input,
    context: predictionContext,
    stream: sse,
    ...(printer !== undefined
      ? { onChunk: (chunk: unknown, index: number) => printer.push(chunk, index) }
      : {}),
    ...(listener === undefined ? {} : { webhook: listener.url }),
    commandName: options.commandName,
    signal: p.signal,
  });
  finished = true;
  await printer?.finish();
  const outcome = await handlePredictionOutput({
    response,
    outputSchema: schema,
    doc: p.doc,
    output: p.output,
    json,
    alwaysToFile: options.alwaysToFile,
    streamed: printer !== undefined && printer.count > 0,
    sink,
  });
  // --json printed the failed response; the exit status says the rest.
  if (outcome === 'failed') throw new SilentExit(1);
}

function replicateContext(
  options: PredictionCommandOptions,
  context: CommandContext,
): Record<string, string> {
  if (!options.useReplicateToken) return {};
  const token = context.env.REPLICATE_API_TOKEN;
  if (!token)
    throw new CogError(
      'USAGE',
      'Failed to find REPLICATE_API_TOKEN in the current environment when called with --use-replicate-token',
    );
  return { replicate_api_token: token };
}

/** Hands the printer the items it has not seen yet (webhook payloads carry the whole list so far). */
export function printNew(printer: StreamPrinter, items: readonly unknown[]): void {
  for (let i = printer.count; i < items.length; i++) printer.push(items[i], i);
}

async function outputWebhookListener(
  client: DockerClient,
  stack: CleanupStack,
): Promise<WebhookListener | undefined> {
  const host = await bridgeGateway(client);
  return host === undefined ? undefined : startWebhookListener(host, stack);
}

export function outputSink(context: CommandContext): OutputSink {
  return {
    stdout: (text) => context.console.output(text),
    raw: (text) => void process.stdout.write(text),
    info: (message) => context.console.info(message),
    warn: (message) => context.console.warn(message),
  };
}

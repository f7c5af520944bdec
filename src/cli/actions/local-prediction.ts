// A local `cog run`/`cog predict`/`cog train` (cli.md §3–§5, §7), in a container: parse the
// inputs once before anything runs, build a dev image (or read an existing image's labels),
// validate the inputs against the model's schema before the container starts, run one
// prediction/training in a container that is removed on every exit path, write the output.
import type { OpenApiDocument } from '../../contracts/openapi-document.ts';
import path from 'node:path';
import { CogError } from '../../cog-error.ts';
import { withCleanup, type CleanupStack } from '../../image/cleanup-stack.ts';
import { explainOom } from '../../image/container-oom.ts';
import { effectiveGpus, gpuDeviceRequests } from '../../image/container-options.ts';
import { connectDocker, type DockerClient } from '../../image/docker-client.ts';
import { loadModelImage } from '../../image/model-image.ts';
import { hasInputProperties } from '../../image/openapi-schema.ts';
import { parseProgressMode, type ProgressMode } from '../../image/progress-mode.ts';
import { resolveOutputPath } from '../../predict/output-writer.ts';
import { predictOnce } from '../../predict/predict-once.ts';
import { fetchOpenApi } from '../../predict/prediction-client.ts';
import { predictionEnv, startPredictionServer } from '../../predict/prediction-server.ts';
import { ProjectSchema } from '../../predict/project-schema.ts';
import {
  bridgeGateway,
  startWebhookListener,
  type WebhookListener,
} from '../../predict/webhook-listener.ts';
import { runnerLanguageOf, type RunnerLanguage } from '../../runner-reference.ts';
import type { CommandContext } from '../command-context.ts';
import { SilentExit } from '../silent-exit.ts';
import { cogVersion } from '../version.ts';
import { buildDevImage } from './dev-build.ts';
import { loadProject } from './load-project.ts';
import { outputSink, readInputs } from './prediction-io.ts';
import type { PredictionCommandOptions } from './prediction-options.ts';

interface Target {
  image: string;
  schema: OpenApiDocument | undefined;
  binds: string[];
  gpus: string;
  language: RunnerLanguage;
}

export async function runLocalPrediction(
  options: PredictionCommandOptions,
  context: CommandContext,
): Promise<void> {
  const inputs = await readInputs(options, context);
  gpuDeviceRequests(options.gpus ?? ''); // a bad --gpus value fails before anything is built
  const progress = parseProgressMode(options.progress, context.env);
  const fromSource = options.image === undefined;
  const project = fromSource ? loadProject(options.file, context) : undefined;
  if (!fromSource && options.mode === 'predict' && options.image?.includes('=') === true) {
    throw new CogError('USAGE', `Invalid image name '${options.image}'. Did you forget \`-i\`?`);
  }
  if (project !== undefined && options.mode === 'train')
    requireTrainer(project.config.train, project.configFile);
  const projectSchema =
    project === undefined
      ? undefined
      : new ProjectSchema({
          project,
          mode: options.mode,
          env: context.env,
          cogVersion: cogVersion(),
        });
  // Bad inputs and bad types are reported before anything is built, as the original does; the
  // container's schema validates again afterwards.
  const early = await projectSchema?.beforeBuild();
  if (early !== undefined && hasInputProperties(early, options.mode)) await inputs.resolve(early);
  const client = await connectDocker(context.env);
  await withCleanup(async (stack, scope) => {
    const target =
      project === undefined
        ? await existingImage(client, options, context)
        : await devImage(client, stack, project, options, progress, context, scope.signal);
    if (target.schema !== undefined) await projectSchema?.remember(target.schema);
    let input =
      target.schema !== undefined && hasInputProperties(target.schema, options.mode)
        ? await inputs.resolve(target.schema)
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
    input ??= await inputs.resolve(doc);
    let outcome: 'succeeded' | 'failed';
    try {
      outcome = await predictOnce({
        baseUrl: server.baseUrl,
        mode: options.mode,
        doc,
        input,
        context: replicateContext(options, context),
        output,
        json: options.json !== undefined,
        alwaysToFile: options.alwaysToFile,
        commandName: options.commandName,
        webhook,
        sink: outputSink(context),
        signal: scope.signal,
      });
    } catch (error) {
      throw scope.signal.aborted ? error : await explainOom(error, server.container.oomKilled);
    }
    // --json printed the failed response; the exit status says the rest.
    if (outcome === 'failed') throw new SilentExit(1);
  });
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

async function outputWebhookListener(
  client: DockerClient,
  stack: CleanupStack,
): Promise<WebhookListener | undefined> {
  const host = await bridgeGateway(client);
  return host === undefined ? undefined : startWebhookListener(host, stack);
}

// `cog push [IMAGE]` (cli.md §11.3), image format: build the model with labels (plus
// `run.cog.push_id`) under the target name, push it through the daemon, print the digest.
// A model ref (`model:` in cog.yaml, or COG_MODEL / COG_MODEL_REPO) pushes a model bundle
// instead (push-bundle.ts).
import { randomBytes } from 'node:crypto';
import { CogError } from '../../cog-error.ts';
import { resolveModelRef } from '../../config/index.ts';
import { connectDocker, localImageId } from '../../image/docker-client.ts';
import { parseProgressMode } from '../../image/progress-mode.ts';
import { pushImage, splitTag } from '../../image/push-image.ts';
import { registryHost } from '../../image/registry-auth.ts';
import type { CommandContext } from '../command-context.ts';
import type { PushOptions } from '../commands/push.ts';
import { buildResultJson } from './build-result-json.ts';
import { loadProject } from './load-project.ts';
import { buildReleaseImage } from './release-build.ts';

const NO_TARGET =
  "To push images, you must either set the 'image' option in cog.yaml or pass an image name as an argument. For example, 'cog push registry.example.com/your-username/model-name'";

export async function pushAction(options: PushOptions, context: CommandContext): Promise<void> {
  const progress = parseProgressMode(options.progress, context.env);
  const client = await connectDocker(context.env);
  const project = loadProject(options.file, context);
  const { config } = project;
  // Resolved before anything is built, so a bad COG_MODEL* fails fast (cli.md §11.3 step 2).
  const modelRef = resolveModelRef(config, context.env, context.registryHost);
  if (modelRef !== undefined) {
    const { pushBundle } = await import('./push-bundle.ts');
    return pushBundle({
      client,
      project,
      modelRef,
      flags: options,
      progress,
      annotations: { 'run.cog.push_id': uuidv7() },
      context,
    });
  }
  const target = options.image ?? config.image;
  if (target === undefined || target === '') throw new CogError('USAGE', NO_TARGET);
  const built = await buildReleaseImage(
    {
      client,
      project,
      flags: options,
      progress,
      imageName: target,
      extractSchema: true,
      annotations: { 'run.cog.push_id': uuidv7() },
    },
    context,
  );
  context.console.info(`\nPushing to ${context.console.bold(target)}...`);
  const replicate =
    registryHost(target) === context.registryHost && context.registryHost === 'r8.im';
  let digest: string | undefined;
  try {
    digest = await pushImage(client, target, {
      env: context.env,
      progress: (line) => context.console.info(line),
      warn: (line) => context.console.warn(line),
    });
  } catch (error) {
    throw replicate ? replicateError(error, target) : error;
  }
  const { repository } = splitTag(target);
  context.console.info('');
  context.console.info(`  image  ${digest === undefined ? target : `${repository}@${digest}`}`);
  if (options.json) {
    context.console.output(
      buildResultJson({
        image: target,
        id: await localImageId(client, target),
        digest: digest ?? null,
        reference: digest === undefined ? null : `${repository}@${digest}`,
        schema: built.schema ?? null,
      }),
    );
  }
  if (replicate) {
    const model = repository.split('/').slice(1).join('/');
    context.console.info(`\nRun your model on Replicate:\n    https://replicate.com/${model}`);
  }
}

function replicateError(error: unknown, target: string): unknown {
  if (!(error instanceof CogError) || !/^(repository|tag) not found/.test(error.message))
    return error;
  return new CogError(
    'PUSH_FAILED',
    `Unable to find existing Replicate model for ${target}. Go to replicate.com and create a new model before pushing.\n\nIf the model already exists, you may be getting this error because you're not logged in as owner of the model. This can happen if you did 'sudo cog login' instead of 'cog login' or 'sudo cog push' instead of 'cog push', which causes Docker to use the wrong Docker credentials.`,
  );
}

/** A UUIDv7: 48-bit Unix milliseconds, version 7, variant 10, random rest. */
export function uuidv7(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

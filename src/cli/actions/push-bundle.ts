// `cog push` in bundle format (cli.md §11.3, weights.md §12): a model ref from `model:` (tag
// from COG_MODEL_TAG, else a UTC timestamp); the weights must already be imported; the image is
// built as `<repo>:<tag>`, pushed by the daemon as `<repo>:cog-image.<tag>` (that tag removed
// locally afterwards), and an index over image and weights is pushed at `<repo>:<tag>`.
import { CogError } from '../../cog-error.ts';
import type { LoadedConfig } from '../../config/index.ts';
import type { DockerClient } from '../../image/docker-client.ts';
import type { ProgressMode } from '../../image/progress-mode.ts';
import { pushImage } from '../../image/push-image.ts';
import type { CommandContext } from '../command-context.ts';
import type { PushOptions } from '../commands/push.ts';
import { checkWeightsDrift } from './check-weights-drift.ts';
import { buildReleaseImage } from './release-build.ts';

const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;

export function bundleTag(env: NodeJS.ProcessEnv, now: Date = new Date()): string {
  const tag =
    env.COG_MODEL_TAG ||
    now
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
  if (!TAG.test(tag))
    throw new CogError('USAGE', `invalid COG_MODEL_TAG "${tag}": not a valid tag`);
  if (tag.startsWith('cog-'))
    throw new CogError(
      'USAGE',
      `invalid COG_MODEL_TAG "${tag}": "cog-" is a reserved prefix — choose a different tag`,
    );
  return tag;
}

export async function pushBundle(options: {
  client: DockerClient;
  project: LoadedConfig;
  flags: PushOptions;
  progress: ProgressMode;
  annotations: Record<string, string>;
  context: CommandContext;
}): Promise<void> {
  const { client, project, context } = options;
  if (options.flags.image !== undefined)
    throw new CogError('USAGE', "positional image argument not supported with 'model' config", {
      hint: 'use COG_MODEL_TAG to override just the tag',
    });
  const { resolveWeightsRepo } = await import('../../weights/weights-project.ts');
  const { readLock } = await import('../../weights/lock-file.ts');
  const bundle = await import('../../weights/bundle-push.ts');
  const repo = resolveWeightsRepo(project.config, context.env, options.flags.file);
  const tag = bundleTag(context.env);
  const target = `${repo.display}:${tag}`;
  const lock =
    (project.config.weights ?? []).length > 0 ? await readLock(project.projectDir) : undefined;
  if ((project.config.weights ?? []).length > 0 && lock === undefined)
    throw new CogError('WEIGHTS_LOCK', 'managed weights configured but no lockfile found', {
      hint: "Run 'cog weights import' first",
    });

  await checkWeightsDrift(project);
  const registry = await bundle.openBundleRegistry(repo, context.env);
  try {
    const weights = await bundle.checkBundleWeights(registry, repo, lock);
    await buildReleaseImage(
      {
        client,
        project,
        flags: options.flags,
        progress: options.progress,
        imageName: target,
        extractSchema: true,
        annotations: options.annotations,
      },
      context,
    );
    if (weights.length > 0) context.console.info(`\n${weights.length} managed weight(s)`);
    context.console.info(`\nPushing to ${context.console.bold(target)}...`);
    const imageTag = `cog-image.${tag}`;
    const imageRef = `${repo.display}:${imageTag}`;
    await client.api.getImage(target).tag({ repo: repo.display, tag: imageTag });
    try {
      await pushImage(client, imageRef, {
        env: context.env,
        progress: (line) => context.console.info(line),
      }).catch((error: unknown) => {
        throw new CogError('PUSH_FAILED', `push image "${imageRef}": ${(error as Error).message}`, {
          cause: error,
        });
      });
    } finally {
      await client.api
        .getImage(imageRef)
        .remove({ noprune: true })
        .catch(() => undefined);
    }
    const result = await bundle.putBundleIndex({ client: registry, lock, weights, imageTag, tag });
    context.console.info('');
    context.console.info(`  model   ${repo.display}@${result.index}`);
    const last = result.weights.length - 1;
    context.console.info(`  ${last < 0 ? '└─' : '├─'} image   ${repo.display}@${result.image}`);
    result.weights.forEach((w, i) =>
      context.console.info(
        `  ${i === last ? '└─' : '├─'} weight  ${w.name}  ${repo.display}@${w.digest}`,
      ),
    );
  } finally {
    await registry.close();
  }
}

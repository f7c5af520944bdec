// `cog push` in bundle format (cli.md §11.3, weights.md §12): the model ref resolved by the
// caller (`model:` / COG_MODEL*, src/config/model-ref.ts); the weights must already be imported; the image is
// built as `<repo>:<tag>`, pushed by the daemon as `<repo>:cog-image.<tag>` (that tag removed
// locally afterwards), and an index over image and weights is pushed at `<repo>:<tag>`.
import { CogError } from '../../cog-error.ts';
import { formatModelRef, type LoadedConfig, type ModelRef } from '../../config/index.ts';
import type { DockerClient } from '../../image/docker-client.ts';
import type { ProgressMode } from '../../image/progress-mode.ts';
import { pushImage } from '../../image/push-image.ts';
import type { CommandContext } from '../command-context.ts';
import type { PushOptions } from '../commands/push.ts';
import { checkWeightsDrift } from './check-weights-drift.ts';
import { buildReleaseImage } from './release-build.ts';

export async function pushBundle(options: {
  client: DockerClient;
  project: LoadedConfig;
  modelRef: ModelRef;
  flags: PushOptions;
  progress: ProgressMode;
  annotations: Record<string, string>;
  context: CommandContext;
}): Promise<void> {
  const { client, project, context } = options;
  const ref = options.modelRef;
  if (options.flags.image !== undefined)
    throw new CogError(
      'USAGE',
      "positional image argument not supported with 'model' config\n  use COG_MODEL to override the full reference\n  use COG_MODEL_TAG to override just the tag",
    );
  if (ref.digest !== undefined)
    throw new CogError(
      'USAGE',
      `cannot push to digest-pinned ref "${formatModelRef(ref)}": model push requires a tag`,
    );
  const { readLock } = await import('../../weights/lock-file.ts');
  const bundle = await import('../../weights/bundle-push.ts');
  const repo = {
    host: ref.registry,
    repository: ref.repository,
    display: `${ref.registry}/${ref.repository}`,
    model: ref,
  };
  const tag = ref.tag;
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
        warn: (line) => context.console.warn(line),
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

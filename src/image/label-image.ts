// The last step of `cog build` (build.md §6.2 steps 11–12): pip freeze in the built image, the
// labels of §6.6, and a tiny second build `FROM <image>` that adds `.cog/openapi_schema.json`
// (and `.cog/weights.json` with managed weights) and carries the labels, tagged with the final
// name.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CogError } from '../cog-error.ts';
import type { StagingDir } from './build-staging.ts';
import { writeDockerfile } from './build-staging.ts';
import type { CleanupStack } from './cleanup-stack.ts';
import { runAndCapture } from './container.ts';
import { dockerCall, type DockerClient } from './docker-client.ts';
import type { ImageBuilder } from './image-builder.ts';
import { imageLabels, readGitInfo, type CogBaseLayer } from './image-labels.ts';
import type { ProgressMode } from './progress-mode.ts';

export interface ApplyLabelsOptions {
  client: DockerClient;
  stack: CleanupStack;
  builder: ImageBuilder;
  staging: StagingDir;
  image: string;
  progress: ProgressMode;
  cogVersion: string;
  configJson: string;
  schemaText: string;
  projectDir: string;
  env: NodeJS.ProcessEnv;
  cogBaseImage: string | undefined;
  annotations: Readonly<Record<string, string>>;
  /** `pip freeze` of the image, gathered by `pipFreezeOf` (in parallel with the schema). */
  pipFreeze: string;
  /** `.cog/weights.json`, copied in beside the schema when the project has managed weights. */
  weightsJson?: string;
  signal?: AbortSignal;
}

export async function applyLabels(options: ApplyLabelsOptions): Promise<void> {
  const pipFreeze = options.pipFreeze;
  const [git, cogBase] = await Promise.all([
    readGitInfo(options.projectDir, options.env),
    options.cogBaseImage === undefined
      ? Promise.resolve(undefined)
      : cogBaseLayer(options.client, options.cogBaseImage),
  ]);
  const labels = imageLabels({
    cogVersion: options.cogVersion,
    configJson: options.configJson,
    schemaJson: options.schemaText,
    pipFreeze,
    git,
    ...(cogBase === undefined ? {} : { cogBase }),
    extra: options.annotations,
  });
  const dir = path.join(options.staging.dir, 'label');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'openapi_schema.json'), options.schemaText);
  const copies = ['COPY openapi_schema.json .cog/openapi_schema.json'];
  if (options.weightsJson !== undefined) {
    await writeFile(path.join(dir, 'weights.json'), options.weightsJson);
    copies.push('COPY weights.json .cog/weights.json');
  }
  const dockerfile = path.join(dir, 'Dockerfile');
  // Relative to WORKDIR /src, as the original: the files land in /src/.cog/.
  await writeDockerfile(
    dockerfile,
    `FROM ${options.image}\n${copies.join('\n')}\n`,
    'Dockerfile\nDockerfile.dockerignore\n',
  );
  const unlabelled = await dockerCall(options.client, () =>
    options.client.api.getImage(options.image).inspect(),
  );
  try {
    await options.builder.build(
      { contextDir: dir, dockerfile, tag: options.image, progress: options.progress, labels },
      options.signal,
    );
  } catch (error) {
    throw new CogError(
      'LABEL_FAILED',
      `Failed to add labels to image: ${(error as Error).message}`,
      { cause: error },
    );
  }
  // The unlabelled image is now untagged; dropping its record frees nothing but the clutter of a
  // dangling image (its layers belong to the labelled one).
  await options.client.api
    .getImage(unlabelled.Id)
    .remove()
    .catch(() => undefined);
}

/** `python -m pip freeze` in the image (`uv pip freeze` when pip is missing). */
export async function pipFreezeOf(options: {
  client: DockerClient;
  stack: CleanupStack;
  image: string;
}): Promise<string> {
  for (const cmd of [
    ['python', '-m', 'pip', 'freeze'],
    ['uv', 'pip', 'freeze'],
  ]) {
    const run = await runAndCapture(
      options.client,
      { image: options.image, cmd, env: [] },
      options.stack,
    );
    if (run.exitCode === 0) return run.stdout;
    if (cmd[0] === 'uv') {
      throw new CogError(
        'PIP_FREEZE_FAILED',
        `Failed to generate pip freeze from image: ${run.stderr.trim() || `exit status ${run.exitCode}`}`,
      );
    }
  }
  return '';
}

async function cogBaseLayer(client: DockerClient, ref: string): Promise<CogBaseLayer | undefined> {
  const info = await dockerCall(client, () => client.api.getImage(ref).inspect()).catch(
    () => undefined,
  );
  const layers = info?.RootFS?.Layers ?? [];
  const last = layers[layers.length - 1];
  return last === undefined
    ? undefined
    : { name: ref, lastLayerSha: last, lastLayerIndex: layers.length - 1 };
}

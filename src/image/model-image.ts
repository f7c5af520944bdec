// An existing model image (`cog run IMAGE`, `cog train IMAGE`): found locally or pulled, and
// read back from its labels (build.md §6.6): config, OpenAPI schema, version.
import type { OpenApiDocument } from '../contracts/openapi-document.ts';
import { CogError } from '../cog-error.ts';
import {
  dockerCall,
  isNotFound,
  translateDockerError,
  type DockerClient,
} from './docker-client.ts';
import {
  LABEL_CONFIG,
  LABEL_LEGACY_CONFIG,
  LABEL_OPENAPI_SCHEMA,
  LABEL_VERSION,
} from './image-labels.ts';
import { runnerLanguageOf, type RunnerLanguage } from '../runner-reference.ts';
import { isObject } from './openapi-schema.ts';
import { DEFAULT_PLATFORM } from './buildx-args.ts';

export interface ModelImage {
  name: string;
  /** Parsed `run.cog.config`. */
  config: { build?: { gpu?: boolean } } & Record<string, unknown>;
  /** Parsed `run.cog.openapi_schema`, when present and valid JSON. */
  schema: OpenApiDocument | undefined;
  cogVersion: string | undefined;
  /** The worker language, from the runner reference in the config label. */
  language: RunnerLanguage;
}

/** Inspects the image (pulling it when it is not local) and reads its Cog labels. */
export async function loadModelImage(
  client: DockerClient,
  name: string,
  log: (message: string) => void,
): Promise<ModelImage> {
  let info = await inspect(client, name);
  if (info === undefined) {
    await pull(client, name, log);
    info = await inspect(client, name);
    if (info === undefined) throw new CogError('IMAGE_NOT_FOUND', `image ${name}: image not found`);
  }
  const labels = info.Config?.Labels ?? {};
  const configText = labels[LABEL_CONFIG] ?? labels[LABEL_LEGACY_CONFIG];
  if (configText === undefined) {
    throw new CogError('NOT_A_COG_MODEL', `image ${name}: image is not a Cog model`, {
      hint: 'Build the image with `cog build` first.',
    });
  }
  let config: ModelImage['config'];
  try {
    const parsed = JSON.parse(configText) as unknown;
    config = isObject(parsed) ? (parsed as ModelImage['config']) : {};
  } catch (error) {
    throw new CogError(
      'NOT_A_COG_MODEL',
      `Failed to parse config from ${name}: ${(error as Error).message}`,
    );
  }
  return {
    name,
    config,
    schema: parseSchema(labels[LABEL_OPENAPI_SCHEMA]),
    cogVersion: labels[LABEL_VERSION],
    language: runnerLanguageOf(runnerOf(config.predict) ?? runnerOf(config.train)),
  };
}

function parseSchema(text: string | undefined): OpenApiDocument | undefined {
  if (text === undefined || text === '') return undefined;
  try {
    const doc = JSON.parse(text) as unknown;
    return isObject(doc) ? doc : undefined;
  } catch {
    return undefined;
  }
}

async function inspect(client: DockerClient, name: string) {
  try {
    return await dockerCall(client, () => client.api.getImage(name).inspect());
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

async function pull(
  client: DockerClient,
  name: string,
  log: (message: string) => void,
): Promise<void> {
  log(`Pulling image ${name}...`);
  try {
    const stream = await client.api.pull(name, { platform: DEFAULT_PLATFORM });
    await new Promise<void>((resolve, reject) => {
      client.api.modem.followProgress(stream, (error: Error | null) =>
        error ? reject(error) : resolve(),
      );
    });
  } catch (error) {
    const translated = translateDockerError(error, { host: client.host });
    if (translated.code === 'DOCKER_UNREACHABLE') throw translated;
    if (translated.code === 'DOCKER_NOT_FOUND')
      throw new CogError('IMAGE_NOT_FOUND', `image ${name}: image not found`);
    throw new CogError('IMAGE_PULL_FAILED', `failed to pull image ${name}: ${translated.message}`);
  }
}

function runnerOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

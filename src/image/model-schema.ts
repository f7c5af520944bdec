// The model's OpenAPI schema at build time (build.md §7, our variant): `--openapi-schema FILE`
// or `COG_OPENAPI_SCHEMA=FILE`, else obtained by running the built image (predict, train, or both
// merged), then saved to `<project>/.cog/openapi_schema.json`. Before any Docker work, a build
// that needs a schema fails without a runner, or on a type the static reading of the source
// finds cannot appear in a schema (static-model-schema.ts).
import type { OpenApiDocument, PredictionMode } from '../contracts/openapi-document.ts';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CogError } from '../cog-error.ts';
import { runnerLanguageOf } from '../runner-reference.ts';
import type { CogConfig } from '../config/index.ts';
import type { CleanupStack } from './cleanup-stack.ts';
import type { DockerClient } from './docker-client.ts';
import { extractSchema } from './schema-extract.ts';
import { staticModelSchema } from './static-model-schema.ts';

export interface ModelSchemaOptions {
  client: DockerClient;
  stack: CleanupStack;
  projectDir: string;
  config: CogConfig;
  imageName: string;
  /** Release images contain the source; dev images get the project mounted at /src. */
  release: boolean;
  extractSchema: boolean;
  /**
   * `train` (`cog train`): only the training document, so the runner's file need not import
   * (as in the original, whose training schema and run load only the training file).
   */
  schemaMode?: PredictionMode;
  openapiSchemaFile?: string;
  log: { info(message: string): void };
  /** `--debug`: the whole Python traceback, not only the user's frames. */
  debug?: boolean;
  /** Host environment (`COG_OPENAPI_SCHEMA`, `COG_SDK_WHEEL`). */
  env?: NodeJS.ProcessEnv;
  /** `info.version` of a static document. */
  cogVersion?: string;
}

export interface ModelSchema {
  doc: OpenApiDocument | undefined;
  text: string | undefined;
}

/** `--openapi-schema FILE`, else the image's own (predict, train, or both merged). Saved to `.cog/`. */
export async function modelSchema(options: ModelSchemaOptions): Promise<ModelSchema> {
  let text: string | undefined;
  if (options.openapiSchemaFile !== undefined) {
    options.log.info(`Validating model schema from ${options.openapiSchemaFile}...`);
    text = await readFile(
      path.resolve(options.projectDir, options.openapiSchemaFile),
      'utf8',
    ).catch((error: Error) => {
      throw new CogError('SCHEMA_INVALID', `Failed to load model schema JSON: ${error.message}`);
    });
  } else if (options.extractSchema && options.env?.COG_OPENAPI_SCHEMA) {
    const file = path.resolve(options.projectDir, options.env.COG_OPENAPI_SCHEMA);
    text = await readFile(file, 'utf8').catch((error: Error) => {
      throw new CogError('SCHEMA_INVALID', `Failed to load model schema JSON: ${error.message}`);
    });
  } else if (options.extractSchema) {
    text = await extractModelSchema(options);
  }
  if (text === undefined) return { doc: undefined, text: undefined };
  let doc: OpenApiDocument;
  try {
    doc = JSON.parse(text) as OpenApiDocument;
  } catch (error) {
    throw new CogError(
      'SCHEMA_INVALID',
      `Failed to load model schema JSON: ${(error as Error).message}`,
    );
  }
  await mkdir(path.join(options.projectDir, '.cog'), { recursive: true });
  await writeFile(path.join(options.projectDir, '.cog', 'openapi_schema.json'), text);
  return { doc, text };
}

/** The schema comes from the runner, so a build that needs one fails before any Docker work without it. */
export function requireRunnerReference(
  options: Pick<ModelSchemaOptions, 'config' | 'extractSchema' | 'openapiSchemaFile'>,
): void {
  const { predict, train } = options.config;
  if (options.extractSchema && options.openapiSchemaFile === undefined && !predict && !train) {
    throw new CogError('NO_PREDICTOR', 'no predict or train reference found in cog.yaml', {
      hint: 'Add `run: "run.py:Runner"` to cog.yaml.',
    });
  }
}

/**
 * Which document one run of the image prints: predict (merged by the runtime with train when
 * both are configured), or train alone for a train-only model and for `cog train`.
 */
export function schemaRun(
  config: Pick<CogConfig, 'predict' | 'train'>,
  schemaMode: PredictionMode | undefined,
): { mode: PredictionMode; merged: boolean } {
  const predict = schemaMode === 'train' && config.train ? undefined : config.predict;
  return predict
    ? { mode: 'predict', merged: Boolean(config.train) }
    : { mode: 'train', merged: false };
}

/**
 * The static reading of the source, before Docker starts: a type that cannot appear in a schema
 * fails the build here, with the original's message shape. Unresolved readings pass (the
 * container decides after the build).
 */
export async function checkSchemaBeforeBuild(options: ModelSchemaOptions): Promise<void> {
  if (!options.extractSchema || options.openapiSchemaFile !== undefined) return;
  try {
    await staticModelSchema({
      projectDir: options.projectDir,
      config: options.config,
      mode: schemaRun(options.config, options.schemaMode).mode,
      env: options.env ?? {},
      sdkVersion: options.cogVersion ?? '0.0.0',
    });
  } catch (error) {
    if (error instanceof CogError && error.code === 'SCHEMA_INVALID')
      throw new CogError(error.code, `image build failed: ${error.message}`, {
        ...(error.hint === undefined ? {} : { hint: error.hint }),
      });
    throw error;
  }
}

/** One run of the image (see schemaRun). */
async function extractModelSchema(options: ModelSchemaOptions): Promise<string | undefined> {
  const run = schemaRun(options.config, options.schemaMode);
  const doc = await extractSchema(options.client, options.stack, {
    image: options.imageName,
    mode: run.mode,
    language: runnerLanguageOf(
      run.mode === 'predict' ? options.config.predict : options.config.train,
    ),
    binds: options.release ? [] : [`${options.projectDir}:/src`],
    debug: options.debug === true,
  });
  // The label is pretty-printed for merged documents, as the original's.
  return run.merged ? JSON.stringify(doc, null, 2) : JSON.stringify(doc);
}

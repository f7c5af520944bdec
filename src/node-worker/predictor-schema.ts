// Where a Node predictor's OpenAPI document comes from: the file the build staged (computed on
// the host from the TypeScript types by src/ts-schema), else, for plain JavaScript, the
// `inputs`/`output`/`streaming` metadata the module exports. A predictor with neither gets one
// clear error saying what to do. SSE is opted into as Python's @cog.streaming does it, with
// `export const streaming = true` (or `static streaming = true` on the class): types cannot say
// it, so the worker adds `x-cog-streaming` to the document it serves.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { metadataDocument } from './metadata-schema.ts';
import type {
  OpenApiDocument as JsonObject,
  PredictionMode,
} from '../contracts/openapi-document.ts';
import { PredictorLoadError } from './predictor-module.ts';

/** Where `cog build` stages `predict.json`/`train.json` inside a Node model image. */
export const DEFAULT_SCHEMA_DIR = '/usr/local/lib/cog/schema';

export function predictorSchema(options: {
  /** COG_NODE_SCHEMA_DIR, else DEFAULT_SCHEMA_DIR. */
  schemaDir: string;
  mode: PredictionMode;
  file: string;
  module: Record<string, unknown>;
  /** The predictor export (a class may carry `static streaming = true`). */
  exported: unknown;
}): JsonObject {
  const document = schemaDocument(options);
  const exported = options.exported as { streaming?: unknown } | undefined;
  if (
    options.mode === 'predict' &&
    (options.module.streaming === true || exported?.streaming === true)
  ) {
    const paths = document.paths as Record<string, Record<string, JsonObject>> | undefined;
    const create = paths?.['/predictions']?.post;
    if (create !== undefined) create['x-cog-streaming'] = true;
  }
  return document;
}

function schemaDocument(options: Parameters<typeof predictorSchema>[0]): JsonObject {
  const staged = path.join(options.schemaDir, `${options.mode}.json`);
  if (existsSync(staged)) {
    try {
      return JSON.parse(readFileSync(staged, 'utf8')) as JsonObject;
    } catch (error) {
      throw new PredictorLoadError(
        `cannot read the staged schema ${staged}: ${(error as Error).message}`,
      );
    }
  }
  if (options.module.inputs !== undefined) {
    return metadataDocument({
      mode: options.mode,
      file: options.file,
      inputs: options.module.inputs,
      output: options.module.output,
      streaming: options.module.streaming,
    });
  }
  if (/\.m?ts$/.test(options.file)) {
    throw new PredictorLoadError(
      `no OpenAPI schema for ${options.file}: the schema of a TypeScript predictor is made from its types by \`cog build\` (expected ${staged}); build the image with cog, or export \`inputs\` metadata`,
    );
  }
  throw new PredictorLoadError(
    `${options.file} does not describe its inputs: a JavaScript predictor exports them, e.g. \`export const inputs = { text: { type: 'string', default: 'world' } }\` (see docs/typescript-predictors.md)`,
  );
}

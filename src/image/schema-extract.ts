// The OpenAPI schema of a built image, obtained by running it: `python -m cog.server.http
// --dump-schema` (and `--x-mode train` for the training schema) prints the document on stdout,
// or exits non-zero with the Python traceback on stderr when the predictor does not import.
// This differs from the original, which parses the Python source statically on the host.
import { CogError } from '../cog-error.ts';
import type { CleanupStack } from './cleanup-stack.ts';
import { runAndCapture } from './container.ts';
import type { DockerClient } from './docker-client.ts';
import { isObject, type OpenApiDocument, type PredictionMode } from './openapi-schema.ts';

export interface ExtractSchemaOptions {
  image: string;
  mode: PredictionMode;
  /** Dev images have no source inside: the project is mounted at /src. */
  binds?: readonly string[];
}

export async function extractSchema(
  client: DockerClient,
  stack: CleanupStack,
  options: ExtractSchemaOptions,
): Promise<OpenApiDocument> {
  const cmd = [
    'python',
    '-m',
    'cog.server.http',
    '--dump-schema',
    ...(options.mode === 'train' ? ['--x-mode', 'train'] : []),
  ];
  const run = await runAndCapture(
    client,
    { image: options.image, cmd, binds: options.binds ?? [], env: ['LOG_FORMAT=console'] },
    stack,
  );
  if (run.exitCode !== 0) {
    const details = run.stderr.trim() === '' ? `exit status ${run.exitCode}` : run.stderr.trimEnd();
    throw new CogError(
      'SCHEMA_EXTRACT_FAILED',
      `Failed to get the OpenAPI schema of the ${options.mode === 'train' ? 'trainer' : 'runner'}:\n${details}`,
      {
        hint: 'Fix the error above in your Python code (it happens when the module is imported).',
      },
    );
  }
  try {
    const doc = JSON.parse(run.stdout) as unknown;
    if (!isObject(doc)) throw new Error('not a JSON object');
    return options.mode === 'train' ? asTrainingSchema(doc) : doc;
  } catch (error) {
    throw new CogError(
      'SCHEMA_INVALID',
      `Failed to load model schema JSON: ${(error as Error).message}`,
    );
  }
}

/**
 * A training schema names its components `TrainingInput`/`TrainingOutput` and its path
 * `/trainings` (as the running server does). A document dumped with predict names is renamed.
 */
export function asTrainingSchema(doc: OpenApiDocument): OpenApiDocument {
  const schemas =
    isObject(doc.components) && isObject(doc.components.schemas) ? doc.components.schemas : {};
  if ('TrainingInput' in schemas || !('Input' in schemas)) return doc;
  const renamed = JSON.stringify(doc)
    .replace(
      /#\/components\/schemas\/(Input|Output|PredictionRequest|PredictionResponse)"/g,
      (_, name: string) => `#/components/schemas/${trainingName(name)}"`,
    )
    .replace(/"\/predictions(\/|")/g, '"/trainings$1');
  const out = JSON.parse(renamed) as OpenApiDocument;
  const outSchemas = (out.components as { schemas: Record<string, unknown> }).schemas;
  for (const name of ['Input', 'Output', 'PredictionRequest', 'PredictionResponse']) {
    if (name in outSchemas) {
      outSchemas[trainingName(name)] = outSchemas[name];
      delete outSchemas[name];
    }
  }
  return out;
}

function trainingName(name: string): string {
  return name.startsWith('Prediction') ? name.replace('Prediction', 'Training') : `Training${name}`;
}

/** Predict + train: the training paths and components are added where the predict schema has none. */
export function mergeSchemas(predict: OpenApiDocument, train: OpenApiDocument): OpenApiDocument {
  const merged: OpenApiDocument = structuredClone(predict);
  const paths = (merged.paths ??= {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(isObject(train.paths) ? train.paths : {}))
    paths[key] ??= value;
  const components = (merged.components ??= {}) as Record<string, unknown>;
  const schemas = (components.schemas ??= {}) as Record<string, unknown>;
  const trainComponents =
    isObject(train.components) && isObject(train.components.schemas)
      ? train.components.schemas
      : {};
  for (const [key, value] of Object.entries(trainComponents)) schemas[key] ??= value;
  return merged;
}

// The OpenAPI schema of a built image, obtained by running it: `python -m cog.server.http
// --dump-schema` prints the document on stdout (the predict document merged with the training
// one when both are configured; `--x-mode train` for a train-only model), or exits non-zero with
// the Python traceback on stderr when the predictor does not import. The original parses the
// Python source statically instead; here that reading only serves checks before the build
// (static-model-schema.ts).
import type { OpenApiDocument, PredictionMode } from '../contracts/openapi-document.ts';
import { CogError } from '../cog-error.ts';
import type { RunnerLanguage } from '../runner-reference.ts';
import { serverCommand } from '../server-command.ts';
import type { CleanupStack } from './cleanup-stack.ts';
import { runAndCapture } from './container.ts';
import type { DockerClient } from './docker-client.ts';
import { isObject } from './openapi-schema.ts';

export interface ExtractSchemaOptions {
  image: string;
  mode: PredictionMode;
  language: RunnerLanguage;
  /** Dev images have no source inside: the project is mounted at /src. */
  binds?: readonly string[];
  /** The SDK shows only the user's frames of a traceback unless COG_LOG_LEVEL=debug. */
  debug?: boolean;
}

export async function extractSchema(
  client: DockerClient,
  stack: CleanupStack,
  options: ExtractSchemaOptions,
): Promise<OpenApiDocument> {
  const run = await runAndCapture(
    client,
    {
      image: options.image,
      cmd: dumpSchemaCommand(options.mode, options.language),
      binds: options.binds ?? [],
      env: ['LOG_FORMAT=console', ...(options.debug === true ? ['COG_LOG_LEVEL=debug'] : [])],
    },
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
    return doc;
  } catch (error) {
    throw new CogError(
      'SCHEMA_INVALID',
      `Failed to load model schema JSON: ${(error as Error).message}`,
    );
  }
}

/** The runtime prints the right document for the mode (merged with `train:` in predict mode). */
export function dumpSchemaCommand(mode: PredictionMode, language: RunnerLanguage): string[] {
  const flags = mode === 'train' ? ['--dump-schema', '--x-mode', 'train'] : ['--dump-schema'];
  return serverCommand(language, flags);
}

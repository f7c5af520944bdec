// The schema before the build (build.md §7.1, runtime.md §8.1): what the original derives from the
// Python source, here for checks only. `cog run` validates `-i` against it before anything is
// built, and `cog build` fails before Docker starts on a type that cannot appear in a schema.
// The image still gets the document its container reports (schema-extract.ts); where the static
// reading cannot decide (a type from another package, a decorator it does not know) the answer is
// `undefined` and the container decides. `COG_OPENAPI_SCHEMA=<file>` replaces the reading, and an
// explicit SDK pin below 0.17.0 is refused as by the original.
import type { OpenApiDocument, PredictionMode } from '../contracts/openapi-document.ts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CogError } from '../cog-error.ts';
import type { CogConfig } from '../config/index.ts';
import { runnerLanguageOf } from '../runner-reference.ts';

export interface StaticModelSchemaOptions {
  projectDir: string;
  config: CogConfig;
  mode: PredictionMode;
  env: NodeJS.ProcessEnv;
  /** The bundled SDK's version (`info.version` of the document). */
  sdkVersion: string;
}

/** The static document, or undefined when only the container can tell. Throws on definite errors. */
export async function staticModelSchema(
  options: StaticModelSchemaOptions,
): Promise<OpenApiDocument | undefined> {
  const file = options.env.COG_OPENAPI_SCHEMA;
  if (file !== undefined && file !== '')
    return readSchemaFile(path.resolve(options.projectDir, file));
  const { predict, train } = options.config;
  if (!predict && !train) return undefined;
  // TypeScript/JavaScript predictors get their schema from src/ts-schema during the build.
  if (runnerLanguageOf(predict || train) === 'node') return undefined;
  checkStaticSdkVersion(options.config.build?.sdk_version, options.env.COG_SDK_WHEEL);
  const { staticSchema } = await import('../python-schema/static-schema.ts');
  const result = await staticSchema({
    projectDir: options.projectDir,
    predict: predict || undefined,
    train: train || undefined,
    mode: options.mode,
    sdkVersion: options.sdkVersion,
  });
  return result.kind === 'document' ? result.doc : undefined;
}

async function readSchemaFile(file: string): Promise<OpenApiDocument> {
  const text = await readFile(file, 'utf8').catch((error: Error) => {
    throw new CogError('SCHEMA_INVALID', `Failed to load model schema JSON: ${error.message}`);
  });
  try {
    return JSON.parse(text) as OpenApiDocument;
  } catch (error) {
    throw new CogError(
      'SCHEMA_INVALID',
      `Failed to load model schema JSON: ${(error as Error).message}`,
    );
  }
}

const MIN_STATIC_SDK = [0, 17, 0];

/** `sdk_version: 0.16.x` or `COG_SDK_WHEEL=pypi:0.16.x`: the original's static generator needs 0.17. */
export function checkStaticSdkVersion(
  sdkVersion: string | undefined,
  cogSdkWheel: string | undefined,
): void {
  const wheel = cogSdkWheel?.trim();
  const pinned = wheel ? (wheel.startsWith('pypi:') ? wheel.slice(5) : undefined) : sdkVersion;
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(pinned?.trim() ?? '');
  if (match === null) return;
  const parts = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  for (let i = 0; i < 3; i++) {
    const a = parts[i] ?? 0;
    const b = MIN_STATIC_SDK[i] ?? 0;
    if (a > b) return;
    if (a < b) {
      throw new CogError(
        'SDK_VERSION_TOO_OLD',
        `SDK version ${pinned?.trim() ?? ''} is not supported by static schema generation; use 0.17.0 or newer`,
        { hint: 'Raise build.sdk_version in cog.yaml, or give a schema with --openapi-schema.' },
      );
    }
  }
}

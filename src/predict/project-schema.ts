// The schema a project's inputs are checked against before anything is built (docs/run.md,
// "Where the schema for input validation comes from"): the one read statically from the
// source, else the one cached for exactly these sources (schema-cache.ts); and remembering
// the built image's schema for the next run.
import type { OpenApiDocument, PredictionMode } from '../contracts/openapi-document.ts';
import type { LoadedConfig } from '../config/index.ts';
import { staticModelSchema } from '../image/static-model-schema.ts';
import { readSchemaCache, sourceFingerprint, writeSchemaCache } from './schema-cache.ts';

export interface ProjectSchemaOptions {
  project: LoadedConfig;
  mode: PredictionMode;
  env: NodeJS.ProcessEnv;
  cogVersion: string;
}

export class ProjectSchema {
  readonly #options: ProjectSchemaOptions;
  /** Taken before the build, so that sources edited during it do not get its schema. */
  #fingerprint: string | undefined;

  constructor(options: ProjectSchemaOptions) {
    this.#options = options;
  }

  /** Fingerprints the sources, then: the static document, else the cached one; undefined when only a build can tell. */
  async beforeBuild(): Promise<OpenApiDocument | undefined> {
    const { project, mode, env, cogVersion } = this.#options;
    const requirements = project.config.build?.python_requirements;
    this.#fingerprint = await sourceFingerprint({
      projectDir: project.projectDir,
      extraFiles: [project.configFile, ...(requirements ? [requirements] : [])],
      cogVersion,
    });
    return (
      (await staticModelSchema({
        projectDir: project.projectDir,
        config: project.config,
        mode,
        env,
        sdkVersion: cogVersion,
      })) ?? (await readSchemaCache(project.projectDir, this.#fingerprint))
    );
  }

  /** Caches the built image's document for the sources `beforeBuild` fingerprinted. */
  async remember(schema: OpenApiDocument): Promise<void> {
    const { project, mode } = this.#options;
    // A training-only document (cog train with predict: configured too) is not the model's.
    if (mode === 'train' && project.config.predict) return;
    await writeSchemaCache(project.projectDir, this.#fingerprint, schema);
  }
}

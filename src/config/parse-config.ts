// parseConfig: cog.yaml text in, the typed config plus warnings out, or every error with its
// position. Pure: no filesystem, no environment. The steps follow the original's load
// pipeline (§1.6), whose order decides which error the user sees first:
//   1. YAML syntax            → `failed to parse <file>: invalid YAML: <message>` (stops here);
//      input over the size/node/depth caps (yaml-limits.ts) → `failed to parse <file>: <message>`
//   2. JSON schema            → `schema error in "<field>": <message>`
//   3. semantic checks        → run/predict, train, build, build values (grammar of everything
//                               written into the Dockerfile), environment, concurrency, model,
//                               weights
//   4. deprecation warnings   → only when there is no error
import { runnerLanguageOf } from '../runner-reference.ts';
import { checkBuild, checkConcurrency } from './check-build.ts';
import { checkBuildValues } from './check-build-values.ts';
import type { CheckContext } from './check-context.ts';
import { checkModel } from './check-model.ts';
import { checkRunAndPredict, checkTrain } from './check-references.ts';
import { checkSchema } from './check-schema.ts';
import { checkWeights } from './check-weights.ts';
import { fieldKind } from './cog-yaml-schema.ts';
import type { ConfigError, ConfigResult } from './config-diagnostics.ts';
import { deprecationWarnings } from './deprecations.ts';
import { checkEnvironment } from './environment-rules.ts';
import { toCogConfig } from './to-cog-config.ts';
import { unknownKeyWarnings } from './unknown-keys.ts';
import { readYaml, type YamlSource } from './yaml-source.ts';

export interface ParseConfigOptions {
  /**
   * Whether a project file exists (for `build.python_requirements`), resolved by the caller
   * against the project root. Without it that one check is skipped.
   */
  fileExists?: (path: string) => boolean;
}

const SEMANTIC_CHECKS: ReadonlyArray<(ctx: CheckContext) => void> = [
  checkRunAndPredict,
  checkTrain,
  checkBuild,
  checkBuildValues,
  checkEnvironment,
  checkConcurrency,
  checkModel,
  checkWeights,
];

export function parseConfig(
  text: string,
  fileName: string,
  options: ParseConfigOptions = {},
): ConfigResult {
  const read = readYaml(text, fileName, fieldKind);
  if (!read.ok) {
    return {
      ok: false,
      errors: read.errors.map((e) => ({
        code: e.kind === 'limit' ? 'CONFIG_LIMIT' : 'CONFIG_YAML',
        message:
          e.kind === 'limit'
            ? `failed to parse ${fileName}: ${e.message}`
            : `failed to parse ${fileName}: invalid YAML: ${e.message}`,
        detail: e.message,
        position: e.position,
      })),
    };
  }
  const { source } = read;
  const rootError = checkRootIsMapping(source);
  if (rootError !== undefined) return { ok: false, errors: [rootError] };

  const raw = (source.value ?? {}) as Record<string, unknown>;
  const config = toCogConfig(raw);
  const ctx: CheckContext = {
    config,
    source,
    raw,
    errors: checkSchema(source, { pythonVersionOptional: isNodeRunner(config) }),
    fileExists: options.fileExists,
  };
  for (const check of SEMANTIC_CHECKS) check(ctx);
  if (ctx.errors.length > 0) return { ok: false, errors: ctx.errors };
  const warnings = [...unknownKeyWarnings(source), ...deprecationWarnings(source, raw, config)];
  return { ok: true, config, warnings };
}

/** `run: run.ts:Runner` (also .mts, .js, .mjs): no build.python_version needed (Node base). */
function isNodeRunner(config: { predict?: string; train?: string }): boolean {
  return runnerLanguageOf(config.predict || config.train) === 'node';
}

/** A list or a scalar at the top is a decode error in the original, not a schema error. */
function checkRootIsMapping(source: YamlSource): ConfigError | undefined {
  const value = source.value;
  if (value === null || (typeof value === 'object' && !Array.isArray(value))) return undefined;
  const kind = Array.isArray(value) ? 'a list' : `the ${typeof value} ${JSON.stringify(value)}`;
  const detail = `the top level must be a mapping of cog.yaml fields, not ${kind}`;
  return {
    code: 'CONFIG_YAML',
    message: `failed to parse ${source.fileName}: invalid YAML: ${detail}`,
    detail,
    position: { file: source.fileName, line: 1, column: 1 },
  };
}

// Public surface of the config stage: everything else in src/config is internal.
export type {
  BuildConfig,
  CogConfig,
  RunCommand,
  SecretMount,
  WeightEntry,
  WeightSource,
} from './config-types.ts';
export type {
  ConfigError,
  ConfigErrorCode,
  ConfigResult,
  ConfigWarning,
} from './config-diagnostics.ts';
export { ConfigLoadError, toCogError } from './config-diagnostics.ts';
export { parseConfig, type ParseConfigOptions } from './parse-config.ts';
export { loadConfig, type LoadConfigOptions, type LoadedConfig } from './load-config.ts';
export { DEFAULT_CONFIG_FILE, findProjectRoot, type ProjectLocation } from './find-project-root.ts';
export { parseEnvironment, isReservedEnvironmentName } from './environment-rules.ts';
export { defaultImageName, resolveImageName } from './image-name.ts';
export { configLabelJson, configLabelObject, type ResolvedVersions } from './config-label-json.ts';
export { parsePythonVersion } from './check-build.ts';
export { runCommandProblem, secretIdProblem, secretTargetProblem } from './value-grammars.ts';
export { formatModelRef, resolveModelRef, timestampTag, type ModelRef } from './model-ref.ts';

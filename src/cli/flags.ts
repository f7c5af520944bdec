// The typed readers that turn commander's raw option bag into each command's options
// interface, and the value parsers of shared flags (spec cli.md §1.5). The flags themselves
// are defined in commands/flag-groups.ts. Values stay local to one parse: nothing here holds
// state.
import type { Command } from 'commander';
import { CogError } from '../cog-error.ts';
import { integerLiteral } from './flag-literals.ts';

/** Raw values as commander stores them (camel-cased long names; `--no-x` becomes `x: false`). */
export type RawOptions = Record<string, unknown>;

export interface ConfigFileFlags {
  /** `-f, --file`: config file name, searched for from the cwd upwards. */
  file: string;
}

export interface BaseImageFlags {
  /** `--use-cuda-base-image`: any value but the literal `false` means "use the CUDA base". */
  useCudaBaseImage: string;
  /** `--use-cog-base-image`: undefined when not given (auto, on). */
  useCogBaseImage: boolean | undefined;
}

export interface ProgressFlag {
  /** `auto`, `tty`, `plain` or `quiet`. */
  progress: string;
}

/** The dev image's build and the container's devices (run, predict, train, exec, serve). */
export interface DevImageFlags extends ConfigFileFlags, BaseImageFlags, ProgressFlag {
  /** `--gpus`: `all`, a count or `device=0,1`; undefined means "as cog.yaml says". */
  gpus: string | undefined;
}

/** The `image-build` group of `cog build` and `cog push`. */
export interface ImageBuildFlags extends ConfigFileFlags, BaseImageFlags, ProgressFlag {
  secrets: string[];
  noCache: boolean;
  separateWeights: boolean;
  openapiSchema: string | undefined;
  /** Hidden `--dockerfile`: build this Dockerfile instead of generating one. */
  dockerfile: string | undefined;
  strip: boolean;
  precompile: boolean;
}

/** Appends each occurrence (pflag `stringArray`): no comma splitting. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function parseIntegerFlag(flag: string, options: { min?: number; max?: number } = {}) {
  return (value: string): number => {
    const min = options.min ?? Number.MIN_SAFE_INTEGER;
    const max = options.max ?? Number.MAX_SAFE_INTEGER;
    const parsed = integerLiteral(value);
    if (parsed === undefined || parsed < min || parsed > max) {
      const range = min >= 0 ? 'a non-negative integer' : 'an integer';
      throw new CogError(
        'USAGE',
        `invalid argument "${value}" for "${flag}" flag: expected ${range}`,
      );
    }
    return parsed;
  };
}

export function readConfigFile(raw: RawOptions): ConfigFileFlags {
  return { file: stringOf(raw['file']) ?? 'cog.yaml' };
}

export function readBaseImageFlags(raw: RawOptions): BaseImageFlags {
  const cog = raw['useCogBaseImage'];
  return {
    useCudaBaseImage: stringOf(raw['useCudaBaseImage']) ?? 'auto',
    useCogBaseImage: typeof cog === 'boolean' ? cog : undefined,
  };
}

/** `--progress`, defaulting to `$BUILDKIT_PROGRESS`, then `plain` on a dumb terminal, then `auto`. */
export function readProgress(raw: RawOptions, env: NodeJS.ProcessEnv): ProgressFlag {
  const given = stringOf(raw['progress']);
  if (given !== undefined) return { progress: given };
  if (env['BUILDKIT_PROGRESS']) return { progress: env['BUILDKIT_PROGRESS'] };
  return { progress: env['TERM'] === 'dumb' ? 'plain' : 'auto' };
}

export function readDevImageFlags(raw: RawOptions, env: NodeJS.ProcessEnv): DevImageFlags {
  return {
    ...readConfigFile(raw),
    ...readBaseImageFlags(raw),
    ...readProgress(raw, env),
    gpus: stringOf(raw['gpus']),
  };
}

export function readImageBuildFlags(raw: RawOptions, env: NodeJS.ProcessEnv): ImageBuildFlags {
  return {
    ...readConfigFile(raw),
    ...readBaseImageFlags(raw),
    ...readProgress(raw, env),
    secrets: arrayOf(raw['secret']),
    noCache: raw['cache'] === false,
    separateWeights: raw['separateWeights'] === true,
    openapiSchema: stringOf(raw['openapiSchema']),
    dockerfile: stringOf(raw['dockerfile']),
    strip: raw['strip'] === true,
    precompile: raw['precompile'] === true,
  };
}

/**
 * The original refuses more than one of these when given explicitly (only `build` and `exec`
 * check). The message names exactly the flags that were set.
 */
export function checkBaseImageExclusive(command: Command): void {
  const set = ['use-cog-base-image', 'use-cuda-base-image', 'dockerfile'].filter((name) => {
    const key = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    return command.getOptionValueSource(key) === 'cli';
  });
  if (set.length > 1) {
    const names = set.map((name) => `--${name}`).join(' and ');
    throw new CogError(
      'USAGE',
      `The flags ${names} are mutually exclusive: you can only set one of them.`,
    );
  }
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function arrayOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function numberOf(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

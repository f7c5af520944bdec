// Flag definitions shared by several commands (spec cli.md §1.5), with the original's help
// texts, plus the typed readers that turn commander's raw option bag into each command's
// options interface. Values stay local to one parse: nothing here holds state.
import { Option, type Command } from 'commander';
import { CogError } from '../cog-error.ts';

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

export interface ImageBuildFlags {
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
    const parsed = /^[+-]?\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      const range = min >= 0 ? 'a non-negative integer' : 'an integer';
      throw new CogError(
        'USAGE',
        `invalid argument "${value}" for "${flag}" flag: expected ${range}`,
      );
    }
    return parsed;
  };
}

export function addConfigFileFlag(command: Command): Command {
  return command.option('-f, --file <name>', 'The name of the config file.', 'cog.yaml');
}

export function addProgressFlag(command: Command): Command {
  return command.option(
    '--progress <type>',
    "Set type of build progress output, 'auto' (default), 'tty', 'plain', or 'quiet'",
  );
}

export function addBaseImageFlags(command: Command): Command {
  command.option(
    '--use-cuda-base-image <value>',
    "Use Nvidia CUDA base image, 'true' (default) or 'false' (use python base image). False results in a smaller image but may cause problems for non-torch projects",
    'auto',
  );
  command.option('--use-cog-base-image', 'Use pre-built Cog base image for faster cold boots');
  // Target of `--use-cog-base-image=false` after argv normalisation; not shown in help.
  command.addOption(new Option('--no-use-cog-base-image').hideHelp());
  return command;
}

export function addHiddenDockerfileFlag(command: Command): Command {
  return command.addOption(
    new Option(
      '--dockerfile <path>',
      'Path to a Dockerfile. If set, cog will use this Dockerfile instead of generating one from cog.yaml',
    ).hideHelp(),
  );
}

export function addGpusFlag(command: Command): Command {
  return command.option(
    '--gpus <devices>',
    'GPU devices to add to the container, in the same format as `docker run --gpus`.',
  );
}

export function addSecretFlag(command: Command): Command {
  return command.option(
    '--secret <secret>',
    "Secrets to pass to the build environment in the form 'id=foo,src=/path/to/file'",
    collect,
  );
}

export function addSeparateWeightsFlag(command: Command): Command {
  return command.option('--separate-weights', 'Separate model weights from code in image layers');
}

export function addTimestampFlag(command: Command): Command {
  return command.addOption(
    new Option(
      '--timestamp <seconds>',
      'Number of seconds since Epoch to use for the build timestamp; -1 disables it',
    )
      .argParser(parseIntegerFlag('--timestamp'))
      .hideHelp(),
  );
}

/** The flags `cog build` and `cog push` share (push has no `-t`, `--timestamp` or schema skip). */
export function addImageBuildFlags(command: Command): Command {
  addSecretFlag(command);
  command.option('--no-cache', 'Do not use cache when building the image');
  addSeparateWeightsFlag(command);
  command.option('--openapi-schema <file>', 'Load OpenAPI schema from a file');
  addBaseImageFlags(command);
  addProgressFlag(command);
  addConfigFileFlag(command);
  addHiddenDockerfileFlag(command);
  command.addOption(
    new Option(
      '--strip',
      'Whether to strip shared libraries for faster inference times',
    ).hideHelp(),
  );
  command.addOption(
    new Option(
      '--precompile',
      'Whether to precompile python files for faster load times',
    ).hideHelp(),
  );
  return command;
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

export function readImageBuildFlags(raw: RawOptions): ImageBuildFlags {
  return {
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

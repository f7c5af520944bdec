// Loading a TypeScript/JavaScript predictor: the module named by `file:Export` (or, for the
// file-IPC protocol, a module name resolved to predict.ts, .mts, .js, .mjs), and the exported
// class or function turned into one uniform shape: optional setup(), the run/predict/train
// entry point, optional healthcheck(). Node 24 strips the types of .ts/.mts files itself.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PredictionMode } from '../contracts/openapi-document.ts';
import { NODE_PREDICTOR_EXTENSIONS } from '../runner-reference.ts';

export type EntryPoint = (input: Record<string, unknown>, context: unknown) => unknown;

export interface LoadedPredictor {
  /** The file, project-relative, for messages. */
  file: string;
  name: string;
  module: Record<string, unknown>;
  /** The class or function itself. */
  exported: unknown;
  setup: (() => unknown) | null;
  run: EntryPoint;
  healthcheck: (() => unknown) | null;
  /** True when the user's method is the deprecated `predict`. */
  deprecatedPredict: boolean;
}

/** A problem with the predictor itself (missing file or export): a one-line load failure. */
export class PredictorLoadError extends Error {}

/** `run.ts:Runner` → file and export name (the runtime only passes references it accepted). */
export function splitReference(ref: string): { file: string; name: string } {
  const colon = ref.lastIndexOf(':');
  if (colon <= 0)
    throw new PredictorLoadError(`invalid predictor reference '${ref}': use file.ts:Name`);
  return { file: ref.slice(0, colon), name: ref.slice(colon + 1) };
}

/** `predict` → the first of predict.ts, .mts, .js, .mjs that exists in `dir`. */
export function resolveModuleName(dir: string, moduleName: string): string {
  for (const ext of NODE_PREDICTOR_EXTENSIONS) {
    if (existsSync(path.join(dir, `${moduleName}${ext}`))) return `${moduleName}${ext}`;
  }
  throw new PredictorLoadError(
    `cannot find the predictor module '${moduleName}' in ${dir} (looked for ${NODE_PREDICTOR_EXTENSIONS.map((e) => moduleName + e).join(', ')})`,
  );
}

export async function loadPredictor(options: {
  dir: string;
  file: string;
  name: string;
  mode: PredictionMode;
}): Promise<LoadedPredictor> {
  const absolute = path.resolve(options.dir, options.file);
  if (!existsSync(absolute))
    throw new PredictorLoadError(
      `cannot find the predictor file ${options.file} in ${options.dir}`,
    );
  const module = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  const exported = module[options.name];
  if (exported === undefined) {
    const names = Object.keys(module).filter((k) => k !== 'default');
    throw new PredictorLoadError(
      `${options.file} has no export named '${options.name}'` +
        (names.length > 0 ? ` (it exports ${names.join(', ')})` : ' (it exports nothing)'),
    );
  }
  if (typeof exported !== 'function')
    throw new PredictorLoadError(
      `${options.file}: '${options.name}' must be a class or a function, not ${typeof exported}`,
    );
  const base = { file: options.file, name: options.name, module, exported };
  return isClass(exported as (...args: unknown[]) => unknown)
    ? fromClass(base, exported as new () => Record<string, unknown>, options.mode)
    : fromFunction(base, exported as EntryPoint);
}

function isClass(value: (...args: unknown[]) => unknown): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(value));
}

function fromFunction(
  base: Pick<LoadedPredictor, 'file' | 'name' | 'module' | 'exported'>,
  fn: EntryPoint,
): LoadedPredictor {
  return { ...base, setup: null, run: fn, healthcheck: null, deprecatedPredict: false };
}

function fromClass(
  base: Pick<LoadedPredictor, 'file' | 'name' | 'module' | 'exported'>,
  cls: new () => Record<string, unknown>,
  mode: PredictionMode,
): LoadedPredictor {
  const instance = new cls();
  const method = (name: string): ((...args: unknown[]) => unknown) | null => {
    const value = instance[name];
    return typeof value === 'function'
      ? (value as (...a: unknown[]) => unknown).bind(instance)
      : null;
  };
  const names = mode === 'train' ? ['train'] : ['run', 'predict'];
  const entry = names.map((n) => [n, method(n)] as const).find(([, fn]) => fn !== null);
  if (entry === undefined) {
    throw new PredictorLoadError(
      `${base.file}: class ${base.name} has no ${mode === 'train' ? 'train()' : 'run()'} method`,
    );
  }
  return {
    ...base,
    setup: method('setup'),
    run: entry[1] as EntryPoint,
    healthcheck: method('healthcheck'),
    deprecatedPredict: entry[0] === 'predict',
  };
}

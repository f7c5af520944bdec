// The fallback declarations of the `cog-sdk` package, used when the model project has no
// node_modules/cog-sdk of its own (the usual case: the SDK ships inside the image, not in the
// project). They declare the public API of sdk/node (cog-sdk-declarations.test.ts checks that
// both export the same names). The extractor recognises the types by their brands, not by their
// names, so aliases and re-exports work.
// Kept as text, not as a file next to this module, because the CLI is one bundle: the compiler
// host serves it at COG_SDK_DECLARATIONS_PATH.

/** A virtual path no project can contain; the compiler host answers it from memory. */
export const COG_SDK_DECLARATIONS_PATH = '/__cog_sdk__/node_modules/cog-sdk/index.d.ts';

export const COG_SDK_DECLARATIONS = `
// Without this, every top-level declaration of a .d.ts file is exported (brand too).
export {};
declare const brand: unique symbol;

/** A local file: inputs arrive as absolute paths, returned paths are uploaded. */
export type Path = string & { readonly [brand]: 'Path' };
/** Python's deprecated cog.File, accepted for compatibility; delivered as an absolute path. */
export type File = string & { readonly [brand]: 'File' };
/** A whole number: schema "integer" (plain number is "number"). */
export type Integer = number & { readonly [brand]: 'Integer' };
/**
 * String chunks a UI should join for display. The brand is optional so that an
 * \`async function*\` can declare it as its return type.
 */
export type ConcatenateIterator<T> = AsyncIterable<T> & { readonly [brand]?: 'ConcatenateIterator' };

export declare function path(p: string): Path;
export declare function asPath(p: string): Path;

/** A sensitive string: printed and serialised as **********. */
export declare class Secret {
  constructor(value: string);
  getSecretValue(): string;
  toString(): string;
  toJSON(): string;
}

/** The optional second argument of run(input, ctx). */
export interface RunContext {
  /** Aborted when the prediction is canceled. */
  readonly signal: AbortSignal;
  /** The prediction's id (undefined outside a prediction). */
  readonly predictionId?: string;
}

export type MetricMode = 'replace' | 'incr' | 'append';
export declare function emitMetric(name: string, value: unknown): void;
export declare function recordMetric(name: string, value: unknown, options?: { mode?: string }): void;

/** One input of a plain JavaScript predictor's \`export const inputs = { … }\` description. */
export interface InputDescription {
  type: 'string' | 'integer' | 'number' | 'boolean' | 'path' | 'file' | 'secret' | 'object' | 'array';
  items?: Omit<InputDescription, 'items' | 'default' | 'description'>;
  description?: string;
  default?: unknown;
  optional?: boolean;
  ge?: number;
  le?: number;
  minLength?: number;
  maxLength?: number;
  regex?: string;
  choices?: ReadonlyArray<string | number>;
  deprecated?: boolean;
}

/** The output of a plain JavaScript predictor (\`export const output = { … }\`). */
export interface OutputDescription {
  type: 'string' | 'integer' | 'number' | 'boolean' | 'path' | 'object' | 'array' | 'iterator';
  items?: OutputDescription;
  concatenate?: boolean;
}

export declare function defineInputs<T extends Record<string, InputDescription>>(inputs: T): T;
/** \`static batch: BatchOptions\` on the predictor class: run() takes Input[] and returns Output[]. */
export interface BatchOptions {
  maxSize: number;
  maxWaitMs: number;
}
`;

// cog-sdk: what a TypeScript or JavaScript predictor imports. Types the schema extractor
// recognises (Path, File, Secret, Integer, ConcatenateIterator, RunContext), and the few
// functions that reach the running worker (metrics). Compiled to index.js + index.d.ts by
// `npm run build` and shipped inside every Node model image as /node_modules/cog-sdk, so
// nothing is fetched at run time. Outside a Cog worker (a user's own unit tests) the metric
// functions do nothing.
//
//   import { type Path, path, type RunContext } from 'cog-sdk';
//   export class Runner {
//     async setup() {}
//     async run(input: { image: Path; /** @default 2 */ scale?: number }, ctx: RunContext): Promise<Path> {
//       return path('/tmp/out.png');
//     }
//   }

declare const brand: unique symbol;

/** A local file: inputs arrive as absolute paths, returned paths are uploaded or encoded. */
export type Path = string & { readonly [brand]: 'Path' };
/** Python's deprecated cog.File, accepted for compatibility; delivered as an absolute path. */
export type File = string & { readonly [brand]: 'File' };
/** A whole number: schema "integer" (a plain `number` is "number"). */
export type Integer = number & { readonly [brand]: 'Integer' };
/** Streamed string chunks a UI should join for display (`x-cog-array-display: concatenate`). */
export type ConcatenateIterator<T> = AsyncIterable<T> & {
  readonly [brand]?: 'ConcatenateIterator';
};

/** Mark a string as a file path (a returned Path is a file output). */
export function path(p: string): Path {
  return p as Path;
}

/** The same as `path()`, for code that reads better with a cast-like name. */
export function asPath(p: string): Path {
  return p as Path;
}

const MASK = '**********';

/** A sensitive string: printed and serialised as `**********`; read it with getSecretValue(). */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  getSecretValue(): string {
    return this.#value;
  }

  toString(): string {
    return MASK;
  }

  toJSON(): string {
    return MASK;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Secret(${MASK})`;
  }
}

/** The optional second argument of `run(input, ctx)`. */
export interface RunContext {
  /** Aborted when the prediction is canceled; pass it to fetch() and friends, or check it. */
  readonly signal: AbortSignal;
  /** The prediction's id (undefined outside a prediction). */
  readonly predictionId?: string;
}

export type MetricMode = 'replace' | 'incr' | 'append';

/** The hook the Cog worker installs on globalThis; absent outside a worker. */
interface WorkerHook {
  recordMetric(name: string, value: unknown, mode: MetricMode): void;
}

const HOOK = Symbol.for('cog.worker');

function workerHook(): WorkerHook | undefined {
  return (globalThis as Record<symbol, WorkerHook | undefined>)[HOOK];
}

/** Record a metric on the running prediction (replaces an earlier value of that name). */
export function emitMetric(name: string, value: unknown): void {
  recordMetric(name, value);
}

/**
 * Record a metric on the running prediction: `replace` (default), `incr` (add to a number) or
 * `append` (to a list). Names follow Cog's rules (at most 4 dot-separated segments, no `cog.` prefix).
 */
export function recordMetric(name: string, value: unknown, options: { mode?: string } = {}): void {
  const mode = normaliseMode(options.mode ?? 'replace');
  workerHook()?.recordMetric(name, value, mode);
}

function normaliseMode(mode: string): MetricMode {
  if (mode === 'replace' || mode === 'incr' || mode === 'append') return mode;
  if (mode === 'increment') return 'incr';
  throw new Error(`invalid metric mode '${mode}': use replace, incr or append`);
}

/** One input of a plain JavaScript predictor's `export const inputs = { … }` description. */
export interface InputDescription {
  type:
    'string' | 'integer' | 'number' | 'boolean' | 'path' | 'file' | 'secret' | 'object' | 'array';
  /** Item type of an `array` input. */
  items?: Omit<InputDescription, 'items' | 'default' | 'description'>;
  description?: string;
  default?: unknown;
  /** Optional without a default: not required. */
  optional?: boolean;
  ge?: number;
  le?: number;
  minLength?: number;
  maxLength?: number;
  regex?: string;
  choices?: ReadonlyArray<string | number>;
  deprecated?: boolean;
}

/** The output of a plain JavaScript predictor (`export const output = { … }`). */
export interface OutputDescription {
  type: 'string' | 'integer' | 'number' | 'boolean' | 'path' | 'object' | 'array' | 'iterator';
  items?: OutputDescription;
  /** For `iterator` of strings: a UI joins the chunks. */
  concatenate?: boolean;
}

/** Identity helper that type-checks an `inputs` description in JavaScript with JSDoc or in TS. */
export function defineInputs<T extends Record<string, InputDescription>>(inputs: T): T {
  return inputs;
}

/**
 * `static batch: BatchOptions = { maxSize: 16, maxWaitMs: 20 }` on the predictor class: the
 * server gathers concurrent requests into one call of `run(inputs: Input[]): Output[]` (at most
 * `maxSize` inputs, waiting at most `maxWaitMs` for more); each request still sends one input
 * and gets one output. Return an `Error` in the array to fail only that request.
 */
export interface BatchOptions {
  maxSize: number;
  maxWaitMs: number;
}

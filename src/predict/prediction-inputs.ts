// The input pipeline of `cog run`/`cog train` (cli.md §5.1–§5.3). `readPredictionInputs` reads
// `--json` (stdin, `@file` or literal) and parses it or the `-i` flags once, before anything is
// built; `resolve(doc)` then turns those values into a request's `input` for a schema: coerced
// (pure), names checked, `@file`s read into data URLs (each file once, however often `resolve`
// runs), validated. The caller resolves against the best schema it has at each point.
import type { OpenApiDocument, PredictionMode } from '../contracts/openapi-document.ts';
import { CogError } from '../cog-error.ts';
import { inputComponent } from '../image/openapi-schema.ts';
import { coerceFlagValues } from './input-coercion.ts';
import { InputFiles, type InputIo } from './input-files.ts';
import { checkInputNames, validateInputs } from './input-validation.ts';
import { parseInputFlags, parseJsonInputs, type InputValues } from './input-values.ts';

export interface InputArguments {
  /** `-i name=value`, in order, repeats kept. */
  flags: readonly string[];
  /** `--json`: a JSON object, `@file`, or `-`/`@-` for stdin. */
  json: string | undefined;
  mode: PredictionMode;
}

export class PredictionInputs {
  readonly values: InputValues;
  readonly mode: PredictionMode;
  readonly #files: InputFiles;

  constructor(values: InputValues, mode: PredictionMode, io: InputIo) {
    this.values = values;
    this.mode = mode;
    this.#files = new InputFiles(io, values.kind === 'json');
  }

  /** The request's `input` for `doc`: coerced, names checked, files read, validated. */
  async resolve(doc: OpenApiDocument): Promise<Record<string, unknown>> {
    const inputs =
      this.values.kind === 'flags'
        ? coerceFlagValues(this.values.values, doc, this.mode)
        : { ...this.values.values };
    const component = inputComponent(doc, this.mode);
    checkInputNames(inputs, component);
    const materialised = await this.#files.materialise(inputs);
    validateInputs(component, doc, materialised);
    return materialised;
  }
}

/** Reads and parses the inputs once; syntax errors fail here, before anything is built. */
export async function readPredictionInputs(
  args: InputArguments,
  io: InputIo,
): Promise<PredictionInputs> {
  if (args.json !== undefined && args.flags.length > 0)
    throw new CogError('USAGE', 'Must use one of --json or --input to provide model inputs');
  const values =
    args.json === undefined
      ? parseInputFlags(args.flags)
      : parseJsonInputs(await readJsonArgument(args.json, io));
  return new PredictionInputs(values, args.mode, io);
}

async function readJsonArgument(value: string, io: InputIo): Promise<string> {
  if (value === '-' || value === '@-') {
    try {
      return await io.readStdin();
    } catch (error) {
      throw new CogError(
        'INVALID_INPUT',
        `Failed to read JSON from stdin: ${(error as Error).message}`,
      );
    }
  }
  if (!value.startsWith('@')) return value;
  const file = value.slice(1);
  try {
    return (await io.readFile(file)).toString('utf8');
  } catch (error) {
    throw new CogError(
      'INVALID_INPUT',
      `Failed to read JSON from file "${file}": ${(error as Error).message}`,
    );
  }
}

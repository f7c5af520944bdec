// Turning a finished prediction into files and printed output (cli.md §7.2–§7.3): files to
// `output.<ext>` / `output.N.<ext>` (or `-o`), strings raw, anything else as Go-style JSON;
// `--json` prints the whole response. Streamed chunks (server-sent events) are printed or
// written as they arrive by `StreamPrinter`, and are then not repeated at the end.
import type { PredictionResponse } from '../contracts/prediction-envelope.ts';
import type { OpenApiDocument } from '../contracts/openapi-document.ts';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CogError } from '../cog-error.ts';
import { deref, isFileSchema, itemSchema, type JsonSchema } from '../image/openapi-schema.ts';
import type { OutputPath } from './output-writer.ts';
import { goJson, indexedPath, writeOutputFile } from './output-writer.ts';

export interface OutputSink {
  /** Primary output (stdout), one line. */
  stdout(text: string): void;
  /** Primary output without an added newline (streamed text). */
  raw(text: string): void;
  info(message: string): void;
  warn(message: string): void;
}

export interface HandleOutputOptions {
  response: PredictionResponse;
  outputSchema: JsonSchema;
  doc: OpenApiDocument;
  output: OutputPath;
  json: boolean;
  /** `cog train`: every output goes to a file (default `weights`). */
  alwaysToFile: boolean;
  /** Items already delivered by the stream printer. */
  streamed: boolean;
  sink: OutputSink;
}

/**
 * Prints or writes a finished prediction. A failed prediction throws, except in JSON mode:
 * there the printed response is the report, and `'failed'` is returned so the caller can end
 * with a non-zero status without another line.
 */
export async function handlePredictionOutput(
  options: HandleOutputOptions,
): Promise<'succeeded' | 'failed'> {
  const { response, sink } = options;
  if (options.json) {
    await printJsonResponse(options);
    return response.status === 'succeeded' ? 'succeeded' : 'failed';
  }
  if (response.status !== 'succeeded') {
    throw new CogError(
      'PREDICTION_FAILED',
      `Prediction failed with status "${response.status}": ${response.error ?? ''}`,
    );
  }
  if (options.streamed) return 'succeeded';
  if (response.output === null || response.output === undefined) {
    sink.warn('No output generated');
    return 'succeeded';
  }
  const schema = options.outputSchema;
  if (isFileSchema(schema, options.doc)) {
    await writeFileOutput(response.output, options.output.path, sink, 'Failed to write output');
    return 'succeeded';
  }
  if (isFileList(schema, options.doc) && Array.isArray(response.output)) {
    for (const [i, item] of response.output.entries()) {
      await writeFileOutput(
        item,
        indexedPath(options.output.path, i),
        sink,
        `Failed to write output ${i}`,
      );
    }
    return 'succeeded';
  }
  const text =
    deref(schema, options.doc)?.type === 'string'
      ? stringOutput(response.output)
      : goJson(response.output);
  if (options.output.explicit || options.alwaysToFile) {
    await writeFile(options.output.path, text.endsWith('\n') ? text : `${text}\n`);
    sink.info(`Written output to: ${relative(options.output.path)}`);
  } else sink.stdout(text);
  return 'succeeded';
}

function isFileList(schema: JsonSchema, doc: OpenApiDocument): boolean {
  const s = deref(schema, doc);
  return s?.type === 'array' && isFileSchema(itemSchema(s, doc), doc);
}

function stringOutput(value: unknown): string {
  if (typeof value !== 'string')
    throw new CogError('OUTPUT_INVALID', 'Failed to convert prediction output to string');
  return value;
}

async function writeFileOutput(
  value: unknown,
  dest: string,
  sink: OutputSink,
  context: string,
): Promise<string> {
  if (typeof value !== 'string')
    throw new CogError('OUTPUT_INVALID', `${context}: expected a data URL`);
  try {
    const written = await writeOutputFile(value, dest);
    sink.info(`Written output to: ${relative(written)}`);
    return written;
  } catch (error) {
    throw new CogError('OUTPUT_WRITE_FAILED', `${context}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

async function printJsonResponse(options: HandleOutputOptions): Promise<void> {
  const { response, sink } = options;
  let output = response.output;
  if (response.status === 'succeeded') output = await replaceFilesWithPaths(output, options);
  const body: Record<string, unknown> = {
    status: response.status,
    output: output ?? null,
    error: response.error ?? '',
  };
  if (response.metrics !== undefined) body.metrics = response.metrics;
  // Field order is the original's struct order; keys inside values are sorted.
  const text = `{\n${Object.entries(body)
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${goJson(v).replace(/\n/g, '\n  ')}`)
    .join(',\n')}\n}`;
  if (options.output.explicit) {
    await writeFile(options.output.path, `${text}\n`);
    sink.info(`Written output to: ${relative(options.output.path)}`);
  } else sink.stdout(text);
}

async function replaceFilesWithPaths(
  output: unknown,
  options: HandleOutputOptions,
): Promise<unknown> {
  const base = options.output.path.replace(/\.json$/, '');
  if (isFileSchema(options.outputSchema, options.doc) && typeof output === 'string')
    return writeOutputFile(output, base);
  if (isFileList(options.outputSchema, options.doc) && Array.isArray(output)) {
    const written: string[] = [];
    for (const [i, item] of output.entries())
      written.push(await writeOutputFile(String(item), indexedPath(base, i)));
    return written;
  }
  return output;
}

function relative(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

/** An iterator item as a line of live progress (stderr): text as is, files by type, else JSON. */
export function progressLine(item: unknown): string {
  if (typeof item !== 'string') return JSON.stringify(item);
  const dataUrl = /^data:([^;,]*)[;,]/.exec(item);
  if (dataUrl === null) return item;
  return `(file${dataUrl[1] ? ` ${dataUrl[1]}` : ''})`;
}

/** Prints or writes each streamed chunk as it arrives (models marked `@cog.streaming`). */
export class StreamPrinter {
  readonly #options: {
    outputSchema: JsonSchema;
    doc: OpenApiDocument;
    output: OutputPath;
    sink: OutputSink;
  };
  #pending: Promise<void> = Promise.resolve();
  #wroteText = false;
  #count = 0;

  constructor(options: {
    outputSchema: JsonSchema;
    doc: OpenApiDocument;
    output: OutputPath;
    sink: OutputSink;
  }) {
    this.#options = options;
  }

  get count(): number {
    return this.#count;
  }

  /** Pushes the items it has not seen yet (a final output or a webhook carries the whole list so far). */
  catchUp(items: readonly unknown[]): void {
    for (let i = this.#count; i < items.length; i++) this.push(items[i], i);
  }

  /** Handles one chunk; file chunks are written in order. */
  push(chunk: unknown, index: number): void {
    this.#count++;
    const { outputSchema, doc, output, sink } = this.#options;
    const items = itemSchema(outputSchema, doc);
    if (isFileSchema(items, doc) && typeof chunk === 'string') {
      this.#pending = this.#pending.then(async () => {
        await writeFileOutput(
          chunk,
          indexedPath(output.path, index),
          sink,
          `Failed to write output ${index}`,
        );
      });
      return;
    }
    const concatenate = deref(outputSchema, doc)?.['x-cog-array-display'] === 'concatenate';
    if (concatenate && typeof chunk === 'string') {
      sink.raw(chunk);
      this.#wroteText = true;
    } else sink.stdout(typeof chunk === 'string' ? chunk : JSON.stringify(chunk));
  }

  /** Waits for pending file writes and ends a concatenated line. */
  async finish(): Promise<void> {
    await this.#pending;
    if (this.#wroteText) this.#options.sink.raw('\n');
  }
}

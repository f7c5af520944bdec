// One prediction against a running model server (cli.md §5.4–§5.5, §7): POST it, show its
// progress while it runs, then write or print the output. Streaming models (`@cog.streaming`)
// offer server-sent events, printed as they arrive; other iterators print like lists (JSON at
// the end, as the original does), and on a terminal their items are shown on stderr as they
// arrive, through the output webhook listener.
import type { OpenApiDocument, PredictionMode } from '../contracts/openapi-document.ts';
import { isIteratorSchema, outputSchema, supportsStreaming } from '../image/openapi-schema.ts';
import type { OutputPath } from './output-writer.ts';
import { requestPrediction } from './prediction-client.ts';
import {
  handlePredictionOutput,
  progressLine,
  StreamPrinter,
  type OutputSink,
} from './prediction-output.ts';
import type { WebhookListener } from './webhook-listener.ts';

export interface OnePrediction {
  baseUrl: string;
  mode: PredictionMode;
  /** The served document: decides streaming, iterators and file outputs. */
  doc: OpenApiDocument;
  /** The request's `input`, resolved against `doc`. */
  input: Record<string, unknown>;
  /** The request's `context` (the Replicate token with `--use-replicate-token`). */
  context: Record<string, string>;
  output: OutputPath;
  /** `--json`: print the whole response, no live output. */
  json: boolean;
  /** `cog train`: every output goes to a file. */
  alwaysToFile: boolean;
  /** Shown in the 422 help: `cog run`, `cog train`. */
  commandName: string;
  /** Listener for `output` webhooks, started before the container; undefined: none. */
  webhook: WebhookListener | undefined;
  sink: OutputSink;
  signal: AbortSignal;
}

/** Runs it; 'failed' when the model failed (the output already told the user how). */
export async function predictOnce(p: OnePrediction): Promise<'succeeded' | 'failed'> {
  const { sink } = p;
  const schema = outputSchema(p.doc, p.mode);
  const live = !p.json && p.mode === 'predict';
  const sse = live && supportsStreaming(p.doc);
  const printer = sse
    ? new StreamPrinter({ outputSchema: schema, doc: p.doc, output: p.output, sink })
    : undefined;
  let finished = false;
  let shown = 0;
  const listener = live && !sse && isIteratorSchema(schema, p.doc) ? p.webhook : undefined;
  if (listener !== undefined) {
    listener.onPayload = (body) => {
      const output = (body as { output?: unknown }).output;
      if (finished || !Array.isArray(output)) return;
      for (; shown < output.length; shown++) sink.info(progressLine(output[shown]));
    };
  }
  sink.info(p.mode === 'train' ? 'Running training...\n' : 'Running prediction...\n');
  const response = await requestPrediction({
    baseUrl: p.baseUrl,
    mode: p.mode,
    input: p.input,
    context: p.context,
    stream: sse,
    ...(printer !== undefined
      ? { onChunk: (chunk: unknown, index: number) => printer.push(chunk, index) }
      : {}),
    ...(listener === undefined ? {} : { webhook: listener.url }),
    commandName: p.commandName,
    signal: p.signal,
  });
  finished = true;
  await printer?.finish();
  return handlePredictionOutput({
    response,
    outputSchema: schema,
    doc: p.doc,
    output: p.output,
    json: p.json,
    alwaysToFile: p.alwaysToFile,
    streamed: printer !== undefined && printer.count > 0,
    sink,
  });
}

// The HTTP side of `cog run`/`cog train` against the model's server in the container
// (cli.md §5.4–§5.5, §6.2): poll /health-check until setup is done, POST one prediction
// (following the server-sent events when the model streams), fetch /openapi.json. Error texts
// are the original's.
import type { OpenApiDocument, PredictionMode } from '../contracts/openapi-document.ts';
import { CogError } from '../cog-error.ts';
import type { HealthBody } from '../contracts/health-check.ts';
import type { PredictionResponse } from '../contracts/prediction-envelope.ts';

export interface HealthOptions {
  baseUrl: string;
  timeoutMs: number;
  /** Container state (`running`, `exited`, `dead`, `removed`, ...). */
  containerState: () => Promise<string>;
  /** True when the container's logs have already shown `text` to the user (waits up to `withinMs`). */
  shownInLogs?: (text: string, withinMs: number) => Promise<boolean>;
  signal?: AbortSignal;
}

/** How long a setup failure waits for its traceback to arrive through the log stream. */
const LOG_LAG_MS = 1_000;

/** Polls until READY; throws the original's messages on failure, timeout or exit. */
export async function waitForHealthy(options: HealthOptions): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (Date.now() - started > options.timeoutMs)
      throw new CogError('SETUP_TIMEOUT', 'Timed out', {
        hint: 'Raise --setup-timeout if setup() needs longer.',
      });
    await sleep(100, options.signal);
    const state = await options.containerState();
    if (state === 'exited' || state === 'dead' || state === 'removed')
      throw new CogError('CONTAINER_EXITED', 'Container exited unexpectedly');
    const health = await healthStatus(options.baseUrl, options.signal);
    const status = health?.status;
    if (status === undefined || status === 'STARTING' || status === 'UNKNOWN') continue;
    if (status === 'READY') return;
    if (status === 'SETUP_FAILED') {
      throw await setupFailed(health?.setupLogs ?? '', options.shownInLogs);
    }
    throw new CogError(
      'SETUP_FAILED',
      `Container healthcheck returned unexpected status: ${status}`,
    );
  }
}

/**
 * The traceback is in the setup logs of the health response. Our server also prints it, and
 * the logs are streamed to the user, so it is repeated only when the logs did not show it
 * (another server, or logs not streamed).
 */
async function setupFailed(
  setupLogs: string,
  shownInLogs: HealthOptions['shownInLogs'],
): Promise<CogError> {
  const traceback = /Traceback \(most recent call last\):[\s\S]*/.exec(setupLogs)?.[0]?.trimEnd();
  const lastLine = traceback?.split('\n').at(-1)?.trim() ?? '';
  const shown =
    traceback === undefined ||
    (lastLine !== '' && shownInLogs !== undefined && (await shownInLogs(lastLine, LOG_LAG_MS)));
  return new CogError(
    'SETUP_FAILED',
    shown ? 'Model setup failed' : `Model setup failed\n${traceback}`,
    { hint: 'Fix the error in setup() shown above.' },
  );
}

async function healthStatus(
  baseUrl: string,
  signal: AbortSignal | undefined,
): Promise<{ status: string; setupLogs?: string } | undefined> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/health-check`, {
      signal: combine(signal, AbortSignal.timeout(250)),
    });
  } catch (error) {
    if (signal?.aborted === true) throw error;
    return undefined;
  }
  if (response.status !== 200) return undefined;
  const text = await response.text();
  try {
    // The contract's shape, but another server may say anything: status is kept as text.
    const body = JSON.parse(text) as Partial<Pick<HealthBody, 'status'>> & {
      setup?: { logs?: unknown };
    };
    const logs = body.setup?.logs;
    return {
      status: String(body.status),
      ...(typeof logs === 'string' ? { setupLogs: logs } : {}),
    };
  } catch (error) {
    throw new CogError(
      'SETUP_FAILED',
      `Container healthcheck returned invalid response: ${(error as Error).message}`,
    );
  }
}

export interface PredictOptions {
  baseUrl: string;
  mode: PredictionMode;
  input: Record<string, unknown>;
  context: Record<string, string>;
  /** Follow server-sent events (the model is `@cog.streaming`). */
  stream: boolean;
  /** Called with each streamed output chunk as it arrives. */
  onChunk?: (chunk: unknown, index: number) => void;
  /** Where the server should send `output` webhooks while the prediction runs. */
  webhook?: string;
  /** Command name shown in the 422 help (`cog run`, `cog predict`, `cog train`). */
  commandName: string;
  signal?: AbortSignal;
}

export async function requestPrediction(options: PredictOptions): Promise<PredictionResponse> {
  const endpoint = options.mode === 'train' ? '/trainings' : '/predictions';
  const url = `${options.baseUrl}${endpoint}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(options.stream ? { Accept: 'text/event-stream' } : {}),
      },
      body: JSON.stringify({
        input: options.input,
        context: options.context,
        ...(options.webhook === undefined
          ? {}
          : { webhook: options.webhook, webhook_events_filter: ['output'] }),
      }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    if (options.signal?.aborted === true) throw error;
    throw predictionError(`Failed to POST HTTP request to ${url}: ${(error as Error).message}`);
  }
  if (response.status === 422)
    throw predictionError(await validationMessage(response, endpoint, options.commandName));
  if (response.status !== 200)
    throw predictionError(`${endpoint} call returned status ${response.status}`);
  if (
    options.stream &&
    (response.headers.get('content-type') ?? '').includes('text/event-stream')
  ) {
    return readEventStream(response, options.onChunk);
  }
  return (await response.json()) as PredictionResponse;
}

function predictionError(message: string): CogError {
  return new CogError('PREDICTION_FAILED', `Failed to run prediction: ${message}`);
}

async function validationMessage(
  response: Response,
  endpoint: string,
  commandName: string,
): Promise<string> {
  return validationFailureMessage(await response.text(), endpoint, commandName);
}

/** The original's text for a 422 body (also what a remote executor reports for bad input). */
export function validationFailureMessage(
  text: string,
  endpoint: string,
  commandName: string,
): string {
  let body: { detail?: Array<{ loc?: unknown[]; msg?: string }> };
  try {
    body = JSON.parse(text) as typeof body;
  } catch (error) {
    return `${endpoint} call returned status 422, and the response body failed to decode: ${(error as Error).message}`;
  }
  const detail = Array.isArray(body.detail) ? body.detail : [];
  const wellFormed =
    detail.length > 0 &&
    detail.every(
      (d) =>
        Array.isArray(d.loc) && d.loc.length === 3 && d.loc[0] === 'body' && d.loc[1] === 'input',
    );
  if (!wellFormed) {
    const indented = JSON.stringify(body, null, '\t');
    return `${endpoint} call returned status 422, and there was an unexpected message in response:\n\n${indented}`;
  }
  const lines = detail.map((d) => `- ${String(d.loc?.[2])}: ${d.msg ?? ''}`);
  return [
    'The inputs you passed could not be validated:',
    '',
    ...lines,
    '',
    'You can provide an input with -i. For example:',
    '',
    `    ${commandName} -i blur=3.5`,
    '',
    'If your input is a local file, you need to prefix the path with @ to tell Cog to read the file contents. For example:',
    '',
    `    ${commandName} -i path=@image.jpg`,
  ].join('\n');
}

/** Reads `event:`/`data:` blocks until `completed`; output chunks are handed on as they come. */
async function readEventStream(
  response: Response,
  onChunk: PredictOptions['onChunk'],
): Promise<PredictionResponse> {
  const decoder = new TextDecoder();
  let buffer = '';
  let final: PredictionResponse | undefined;
  for await (const part of response.body ?? []) {
    buffer += decoder.decode(part as Uint8Array, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = parseEvent(block);
      if (event === undefined) continue;
      if (event.name === 'output') {
        const data = event.data as { chunk?: unknown; index?: number };
        onChunk?.(data.chunk, data.index ?? 0);
      } else if (event.name === 'completed') final = event.data as PredictionResponse;
      else if (event.name === 'error')
        throw predictionError(String((event.data as { error?: unknown }).error));
    }
  }
  if (final === undefined)
    throw predictionError('the event stream ended before the prediction completed');
  return final;
}

function parseEvent(block: string): { name: string; data: unknown } | undefined {
  let name = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    if (line.startsWith('event:')) name = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  if (data.length === 0) return undefined;
  try {
    return { name, data: JSON.parse(data.join('\n')) as unknown };
  } catch {
    return undefined;
  }
}

/** GET /openapi.json from the running server. */
export async function fetchOpenApi(
  baseUrl: string,
  signal?: AbortSignal,
): Promise<OpenApiDocument> {
  const response = await fetch(`${baseUrl}/openapi.json`, signal === undefined ? {} : { signal });
  if (response.status !== 200)
    throw new CogError('SCHEMA_MISSING', `Failed to get OpenAPI schema: status ${response.status}`);
  return (await response.json()) as OpenApiDocument;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}

function combine(a: AbortSignal | undefined, b: AbortSignal): AbortSignal {
  return a === undefined ? b : AbortSignal.any([a, b]);
}

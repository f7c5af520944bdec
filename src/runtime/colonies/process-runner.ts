// One assigned process, start to close: the kwargs go through the same validation as the HTTP
// edge, iterator items stream to the `output` channel, logs go to ColonyOS logs, a cancel of the
// process (state 4) cancels the prediction, and the process is always closed — successful,
// failed, or (cancelled) left to the server, which made it final already.
import { ColoniesUnreachableError, type ColoniesClient } from '../../colonies/colonies-client.ts';
import { ProcessState, type Process } from '../../colonies/colonies-types.ts';
import { waitForState } from '../../colonies/subscriptions.ts';
import type { PredictionService } from '../prediction/prediction-service.ts';
import type { Prediction } from '../prediction/prediction.ts';
import { InvalidInputError } from '../prediction/service-errors.ts';
import {
  closingFor,
  invalidInputError,
  kindOf,
  unsupportedFunction,
  type Closing,
} from './process-mapping.ts';
import { ChannelWriter, LogBatcher } from './process-streams.ts';

export interface ProcessRunnerDeps {
  client: ColoniesClient;
  colonyName: string;
  service: PredictionService;
  /** The output is an iterator (`x-cog-array-type: iterator`): items go to the `output` channel. */
  iteratorOutput: boolean;
  log(message: string): void;
}

export async function runProcess(process: Process, deps: ProcessRunnerDeps): Promise<void> {
  const { service } = deps;
  const kind = kindOf(process.spec.funcname, service.hasTrainingSchema);
  if (kind === null)
    return close(
      process,
      { kind: 'failed', errors: [unsupportedFunction(process.spec.funcname)] },
      deps,
    );
  let prediction: Prediction;
  try {
    prediction = service.create(kind, {
      id: process.processid,
      input: process.spec.kwargs ?? {},
    }).prediction;
  } catch (error) {
    const message =
      error instanceof InvalidInputError
        ? invalidInputError(error.detail)
        : (error as Error).message;
    return close(process, { kind: 'failed', errors: [message] }, deps);
  }
  await follow(process, prediction, deps);
  await close(process, closingFor(prediction.envelope()), deps);
}

async function follow(
  process: Process,
  prediction: Prediction,
  deps: ProcessRunnerDeps,
): Promise<void> {
  const id = process.processid;
  const report = (what: string) => (error: unknown) =>
    deps.log(`process ${id}: ${what} failed: ${(error as Error).message}`);
  const logs = new LogBatcher({
    send: (text) => deps.client.addLog(id, text),
    onError: report('addlogmsg'),
  });
  // Only iterator outputs use the channel (non-iterators skip the end marker: one RPC less).
  const channel =
    deps.iteratorOutput && (process.spec.channels ?? []).includes('output')
      ? new ChannelWriter({
          append: (e) => deps.client.channelAppend({ processId: id, name: 'output', ...e }),
          onError: report('channelappendmsg'),
        })
      : null;
  // Logs written before subscribing (none today: create() answers before the worker starts).
  if (prediction.logs) logs.write(prediction.logs);
  const unsubscribe = prediction.subscribe((event) => {
    if (event.type === 'log') logs.write(event.data);
    else if (event.type === 'output') channel?.item(event.chunk);
  });
  const watching = new AbortController();
  waitForState(deps.client, {
    colonyName: deps.colonyName,
    processId: id,
    states: [ProcessState.cancelled],
    signal: watching.signal,
    // The socket reports a cancel at once; the backstop poll is for lost events, not for speed.
    firstPollMs: 1000,
  }).then(
    () => deps.service.cancel(id),
    () => {}, // aborted once the prediction is done, or the process vanished
  );
  try {
    await prediction.done;
  } finally {
    watching.abort();
    unsubscribe();
  }
  await channel?.end(
    prediction.status === 'succeeded' ? null : (prediction.error ?? prediction.status),
  );
  await logs.close();
}

/** While the server is unreachable the close is retried (it restarts in seconds). */
const CLOSE_RETRY_DELAYS_MS = [250, 500, 1000, 2000, 4000, 8000, 15000, 30000];

async function close(process: Process, closing: Closing, deps: ProcessRunnerDeps): Promise<void> {
  const id = process.processid;
  for (let attempt = 0; ; attempt++) {
    try {
      if (closing.kind === 'successful') await deps.client.closeSuccessful(id, closing.out);
      else if (closing.kind === 'failed') await deps.client.closeFailed(id, closing.errors);
      return;
    } catch (error) {
      const delay = CLOSE_RETRY_DELAYS_MS[attempt];
      if (error instanceof ColoniesUnreachableError && delay !== undefined) {
        await new Promise((resolve) => setTimeout(resolve, delay));
        continue;
      }
      // Cancelled meanwhile, or re-queued to another executor: the server refuses, and that is final.
      deps.log(`process ${id}: close refused: ${(error as Error).message}`);
      return;
    }
  }
}

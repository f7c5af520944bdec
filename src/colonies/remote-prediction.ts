// The host side of one remote prediction: submit, follow the `output` channel and the logs while
// it runs, and return the final process. What to print is the caller's business; this module
// knows ColonyOS, not the terminal.
import type { ColoniesClient } from './colonies-client.ts';
import type { FunctionSpec, Process } from './colonies-types.ts';
import { followChannel, waitForFinalState } from './subscriptions.ts';

export interface RemotePredictionOptions {
  client: ColoniesClient;
  colonyName: string;
  spec: FunctionSpec;
  /** Each iterator item as the executor yielded it (decoded JSON), in order. */
  onItem?: (item: unknown, index: number) => void;
  onLog?: (text: string) => void;
  /** Called with the process id right after the submit (so a cancel can reach it). */
  onSubmitted?: (processId: string) => void;
  signal?: AbortSignal;
  logPollMs?: number;
}

export async function runRemotePrediction(options: RemotePredictionOptions): Promise<Process> {
  const { client, colonyName } = options;
  const submitted = await client.submit(options.spec, { signal: options.signal });
  const id = submitted.processid;
  options.onSubmitted?.(id);
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let items = 0;
  const channel = options.onItem
    ? followChannel(client, {
        processId: id,
        name: 'output',
        signal: stop.signal,
        onItem: (item) => {
          if (item.type === 'data') options.onItem?.(JSON.parse(item.payload) as unknown, items++);
        },
      })
    : Promise.resolve();
  const logs = options.onLog
    ? followLogs(client, colonyName, id, options.onLog, stop.signal, options.logPollMs ?? 500)
    : null;
  try {
    const final = await waitForFinalState(client, {
      colonyName,
      processId: id,
      signal: options.signal,
    });
    stop.abort();
    await channel;
    await logs?.flush();
    return final;
  } finally {
    stop.abort();
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** Polls getlogsmsg from the last timestamp seen; `flush()` reads what is left once more. */
function followLogs(
  client: ColoniesClient,
  colonyName: string,
  processId: string,
  onLog: (text: string) => void,
  signal: AbortSignal,
  pollMs: number,
): { flush(): Promise<void> } {
  let since = 0;
  let running: Promise<void> = Promise.resolve();
  const read = async (): Promise<void> => {
    for (;;) {
      const entries = await client.getLogs({ colonyName, processId, since }).catch(() => []);
      const fresh = entries.filter((e) => e.timestamp > since);
      for (const e of fresh) onLog(e.message);
      if (fresh.length > 0) since = fresh[fresh.length - 1]?.timestamp ?? since;
      if (entries.length < 500) return;
    }
  };
  const timer = setInterval(() => {
    running = running.then(read);
  }, pollMs);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
  return {
    flush: () => (running = running.then(read)),
  };
}

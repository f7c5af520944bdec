// A ColonyOS client over HTTP (POST /api) and WebSocket (/pubsub), one instance per identity:
// every request is signed with the instance's key (colonies-ts swaps keys across an await, so
// concurrent calls could go out under the wrong identity). Every call takes an AbortSignal so a
// parked long-poll assign ends at shutdown.
import { createRpcMessage, parseRpcReply, ColoniesRpcError } from './rpc-message.ts';
import type {
  ChannelEntry,
  ChannelEntryType,
  Executor,
  FunctionEntry,
  FunctionSpec,
  LogEntry,
  Process,
  ProcessStateValue,
} from './colonies-types.ts';

export interface ColoniesServer {
  host: string;
  port: number;
  tls: boolean;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** The reply of `assign` when the long poll ended with nothing to do. */
const NO_PROCESS_STATUS = 404;

export class ColoniesClient {
  readonly server: ColoniesServer;
  readonly #prvKey: string;

  constructor(server: ColoniesServer, prvKey: string) {
    this.server = server;
    this.#prvKey = prvKey;
  }

  /** The same server under another identity. */
  as(prvKey: string): ColoniesClient {
    return new ColoniesClient(this.server, prvKey);
  }

  get baseUrl(): string {
    return `${this.server.tls ? 'https' : 'http'}://${this.server.host}:${this.server.port}`;
  }

  get pubsubUrl(): string {
    return `${this.server.tls ? 'wss' : 'ws'}://${this.server.host}:${this.server.port}/pubsub`;
  }

  /** Signs a message of `type` with this identity (for a WebSocket subscription). */
  signed(type: string, fields: Record<string, unknown>): string {
    return JSON.stringify(createRpcMessage(type, fields, this.#prvKey));
  }

  async call(
    type: string,
    fields: Record<string, unknown>,
    opts: CallOptions = {},
  ): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/api`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: this.signed(type, fields),
        signal: opts.signal,
      });
    } catch (error) {
      if (opts.signal?.aborted) throw error;
      throw new ColoniesUnreachableError(this.baseUrl, error);
    }
    const reply = parseRpcReply(await response.text(), response.status);
    if (!reply.ok) throw reply.error;
    return reply.value;
  }

  health(opts: CallOptions = {}): Promise<boolean> {
    return fetch(`${this.baseUrl}/health`, { signal: opts.signal }).then(
      (r) => r.ok,
      () => false,
    );
  }

  // -- server owner ------------------------------------------------------------------------
  async addColony(colonyId: string, name: string): Promise<void> {
    await this.call('addcolonymsg', { colony: { colonyid: colonyId, name } });
  }

  // -- colony owner ------------------------------------------------------------------------
  async addUser(user: { colonyname: string; userid: string; name: string }): Promise<void> {
    await this.call('addusermsg', { user: { email: '', phone: '', ...user } });
  }

  async addExecutor(executor: Executor, opts: CallOptions = {}): Promise<void> {
    await this.call('addexecutormsg', { executor }, opts);
  }

  async approveExecutor(
    colonyName: string,
    executorName: string,
    opts: CallOptions = {},
  ): Promise<void> {
    await this.call(
      'approveexecutormsg',
      { colonyname: colonyName, executorname: executorName },
      opts,
    );
  }

  async removeExecutor(
    colonyName: string,
    executorName: string,
    opts: CallOptions = {},
  ): Promise<void> {
    await this.call(
      'removeexecutormsg',
      { colonyname: colonyName, executorname: executorName },
      opts,
    );
  }

  async getExecutors(colonyName: string): Promise<Executor[]> {
    return ((await this.call('getexecutorsmsg', { colonyname: colonyName })) ?? []) as Executor[];
  }

  // -- executor ----------------------------------------------------------------------------
  /** Long-polls for a process for up to `timeoutSeconds` (> 0); null when none came. */
  async assign(
    colonyName: string,
    timeoutSeconds: number,
    opts: CallOptions = {},
  ): Promise<Process | null> {
    try {
      const fields = {
        colonyname: colonyName,
        timeout: timeoutSeconds,
        availablecpu: '',
        availablemem: '',
      };
      return (await this.call('assignprocessmsg', fields, opts)) as Process;
    } catch (error) {
      if (error instanceof ColoniesRpcError && error.status === NO_PROCESS_STATUS) return null;
      throw error;
    }
  }

  async addFunction(fun: FunctionEntry, opts: CallOptions = {}): Promise<void> {
    await this.call('addfunctionmsg', { fun }, opts);
  }

  /** Every function registered in the colony (all executors). */
  async getFunctions(colonyName: string, opts: CallOptions = {}): Promise<FunctionEntry[]> {
    const fields = { colonyname: colonyName, executorname: '' };
    return ((await this.call('getfunctionsmsg', fields, opts)) ?? []) as FunctionEntry[];
  }

  async closeSuccessful(processId: string, out: unknown[], opts: CallOptions = {}): Promise<void> {
    await this.call('closesuccessfulmsg', { processid: processId, out }, opts);
  }

  async closeFailed(processId: string, errors: string[], opts: CallOptions = {}): Promise<void> {
    await this.call('closefailedmsg', { processid: processId, errors }, opts);
  }

  async addLog(processId: string, message: string, opts: CallOptions = {}): Promise<void> {
    await this.call('addlogmsg', { processid: processId, message }, opts);
  }

  async channelAppend(
    entry: {
      processId: string;
      name: string;
      sequence: number;
      payload: string;
      type?: ChannelEntryType;
    },
    opts: CallOptions = {},
  ): Promise<void> {
    const fields: Record<string, unknown> = {
      processid: entry.processId,
      name: entry.name,
      sequence: entry.sequence,
      // Go []byte: a base64 string
      payload: Buffer.from(entry.payload, 'utf8').toString('base64'),
    };
    if (entry.type && entry.type !== 'data') fields.payloadtype = entry.type;
    await this.call('channelappendmsg', fields, opts);
  }

  // -- user (submitter) and anyone in the colony --------------------------------------------
  async submit(spec: FunctionSpec, opts: CallOptions = {}): Promise<Process> {
    return (await this.call('submitfuncspecmsg', { spec }, opts)) as Process;
  }

  async getProcess(processId: string, opts: CallOptions = {}): Promise<Process> {
    return (await this.call('getprocessmsg', { processid: processId }, opts)) as Process;
  }

  async cancelProcess(processId: string, opts: CallOptions = {}): Promise<void> {
    await this.call('cancelprocessmsg', { processid: processId }, opts);
  }

  async getLogs(
    q: { colonyName: string; processId: string; since: number; count?: number },
    opts: CallOptions = {},
  ): Promise<LogEntry[]> {
    const fields = {
      colonyname: q.colonyName,
      processid: q.processId,
      executorname: '',
      count: q.count ?? 500,
      since: q.since,
      latest: false,
    };
    return ((await this.call('getlogsmsg', fields, opts)) ?? []) as LogEntry[];
  }

  /** Entries of a channel from index `after` (the server's "afterseq" is an index). */
  async channelRead(
    q: { processId: string; name: string; after: number; limit?: number },
    opts: CallOptions = {},
  ): Promise<ChannelEntry[]> {
    const fields = {
      processid: q.processId,
      name: q.name,
      afterseq: q.after,
      limit: q.limit ?? 1000,
    };
    return ((await this.call('channelreadmsg', fields, opts)) ?? []) as ChannelEntry[];
  }

  async getProcessState(processId: string, opts: CallOptions = {}): Promise<ProcessStateValue> {
    return (await this.getProcess(processId, opts)).state;
  }
}

/** The server did not answer at all (refused, reset, DNS): the caller retries or reports. */
export class ColoniesUnreachableError extends Error {
  constructor(url: string, cause: unknown) {
    super(`cannot reach the ColonyOS server at ${url}`, { cause });
    this.name = 'ColoniesUnreachableError';
  }
}

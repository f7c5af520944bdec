// Waiting on ColonyOS: WebSocket subscriptions (/pubsub) for low latency, each with a polling
// backstop, because the server loses events (a state reached between its read and its listener
// registration is never sent) and never closes a channel subscription when the process ends
// (docs/colonies.md, "Traps"). Node's global WebSocket client; no dependency.
import type { ColoniesClient } from './colonies-client.ts';
import { parseRpcReply } from './rpc-message.ts';
import {
  FINAL_STATES,
  type ChannelEntry,
  type Process,
  type ProcessStateValue,
} from './colonies-types.ts';

export interface Subscription {
  close(): void;
}

/** Opens one socket and sends each signed message on it; every reply frame goes to `onValue`. */
export function subscribe(
  client: ColoniesClient,
  messages: { type: string; fields: Record<string, unknown> }[],
  onValue: (value: unknown) => void,
): Subscription {
  let socket: WebSocket | undefined;
  let closed = false;
  try {
    socket = new WebSocket(client.pubsubUrl);
  } catch {
    return { close() {} }; // the backstop carries on alone
  }
  socket.addEventListener('open', () => {
    if (closed) return;
    for (const m of messages) socket?.send(client.signed(m.type, m.fields));
  });
  socket.addEventListener('message', (event: MessageEvent) => {
    if (closed || typeof event.data !== 'string') return;
    const reply = parseRpcReply(event.data, 0);
    if (reply.ok) onValue(reply.value);
  });
  socket.addEventListener('error', () => {}); // a lost socket leaves the backstop in charge
  return {
    close() {
      closed = true;
      try {
        socket?.close();
      } catch {
        // already closing
      }
    },
  };
}

export interface WaitOptions {
  colonyName: string;
  processId: string;
  states: readonly ProcessStateValue[];
  signal?: AbortSignal;
  /** Backstop poll interval. */
  pollMs?: number;
  /** Delay of the first backstop poll (default: at once). */
  firstPollMs?: number;
  /** Subscription lifetime on the server, seconds. */
  timeoutSeconds?: number;
}

/** Resolves with the process once it is in one of `states`; rejects when `signal` aborts. */
export function waitForState(client: ColoniesClient, opts: WaitOptions): Promise<Process> {
  const { signal } = opts;
  return new Promise<Process>((resolve, reject) => {
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (error: unknown, process?: Process): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      subscription.close();
      signal?.removeEventListener('abort', onAbort);
      if (process) resolve(process);
      else reject(error);
    };
    const onAbort = (): void => finish(signal?.reason ?? new Error('aborted'));
    const matches = (p: unknown): p is Process =>
      typeof p === 'object' && p !== null && opts.states.includes((p as Process).state);
    const subscription = subscribe(
      client,
      opts.states.map((state) => ({
        type: 'subscribeprocessmsg',
        fields: {
          colonyname: opts.colonyName,
          processid: opts.processId,
          executortype: '',
          state,
          timeout: opts.timeoutSeconds ?? 3600,
        },
      })),
      (value) => {
        if (matches(value)) void settle(value);
      },
    );
    // The event's process can be a snapshot from before the server stored the rest of the
    // close: a failed process arrived without its `errors` (seen once in a CI run). What the
    // caller gets is the process as stored, read once more; the event's copy only if that fails.
    const settle = async (event: Process): Promise<void> => {
      const stored = await client.getProcess(opts.processId, { signal }).catch(() => null);
      finish(undefined, stored !== null && matches(stored) ? stored : event);
    };
    const poll = async (): Promise<void> => {
      if (done) return;
      try {
        const p = await client.getProcess(opts.processId, { signal });
        if (matches(p)) return finish(undefined, p);
      } catch (error) {
        if (signal?.aborted) return;
        if (isNotFound(error)) return finish(error);
      }
      if (!done) timer = setTimeout(() => void poll(), opts.pollMs ?? 1000);
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.firstPollMs) timer = setTimeout(() => void poll(), opts.firstPollMs);
    else void poll();
  });
}

export function waitForFinalState(
  client: ColoniesClient,
  opts: Omit<WaitOptions, 'states'>,
): Promise<Process> {
  return waitForState(client, { ...opts, states: FINAL_STATES });
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof Error && 'status' in error && (error as { status: number }).status === 404
  );
}

/** A decoded channel entry in the order its sender appended it. */
export interface ChannelItem {
  senderId: string;
  sequence: number;
  type: 'data' | 'end' | 'error';
  payload: string;
}

/**
 * Puts entries from the socket and from polling into per-sender sequence order, once each
 * (both paths see the same entries; frames can overtake a poll). Pure.
 */
export class ChannelOrdering {
  readonly #next = new Map<string, number>();
  readonly #pending = new Map<string, Map<number, ChannelItem>>();

  /** Accepts raw entries; returns those now deliverable, in order. */
  push(entries: readonly ChannelEntry[]): ChannelItem[] {
    const out: ChannelItem[] = [];
    for (const entry of entries) {
      const sender = entry.senderid;
      const next = this.#next.get(sender) ?? 1;
      if (entry.sequence < next) continue;
      let pending = this.#pending.get(sender);
      if (!pending) this.#pending.set(sender, (pending = new Map()));
      pending.set(entry.sequence, decodeEntry(entry));
      let n = next;
      while (pending.has(n)) {
        out.push(pending.get(n) as ChannelItem);
        pending.delete(n);
        n++;
      }
      this.#next.set(sender, n);
    }
    return out;
  }

  /** Entries seen so far (all senders): the index to read after. */
  get seen(): number {
    let count = 0;
    for (const n of this.#next.values()) count += n - 1;
    return count;
  }
}

function decodeEntry(entry: ChannelEntry): ChannelItem {
  const type = entry.type === 'end' || entry.type === 'error' ? entry.type : 'data';
  const payload = entry.payload ? Buffer.from(entry.payload, 'base64').toString('utf8') : '';
  return {
    senderId: entry.senderid,
    sequence: entry.sequence,
    type,
    payload: payload || (entry.error ?? ''),
  };
}

export interface FollowOptions {
  processId: string;
  name: string;
  onItem: (item: ChannelItem) => void;
  signal?: AbortSignal;
  pollMs?: number;
  timeoutSeconds?: number;
}

/**
 * Delivers a channel's entries in order until an `end` or `error` entry, or until `signal`
 * aborts (the caller aborts once the process is final: the server deletes the channel then).
 */
export function followChannel(client: ColoniesClient, opts: FollowOptions): Promise<void> {
  const ordering = new ChannelOrdering();
  const { signal } = opts;
  return new Promise<void>((resolve) => {
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      subscription.close();
      signal?.removeEventListener('abort', finish);
      resolve();
    };
    const accept = (entries: readonly ChannelEntry[]): void => {
      for (const item of ordering.push(entries)) {
        if (done) return;
        opts.onItem(item);
        if (item.type !== 'data') return finish();
      }
    };
    const subscription = subscribe(
      client,
      [
        {
          type: 'subscribechannelmsg',
          fields: {
            processid: opts.processId,
            name: opts.name,
            afterseq: 0,
            timeout: opts.timeoutSeconds ?? 3600,
          },
        },
      ],
      (value) => {
        if (Array.isArray(value)) accept(value as ChannelEntry[]);
      },
    );
    const poll = async (): Promise<void> => {
      if (done) return;
      try {
        accept(
          await client.channelRead(
            { processId: opts.processId, name: opts.name, after: ordering.seen },
            { signal },
          ),
        );
      } catch {
        // not created yet, already deleted, or the network: the next round or the caller decides
      }
      if (!done) timer = setTimeout(() => void poll(), opts.pollMs ?? 1000);
    };
    if (signal?.aborted) return finish();
    signal?.addEventListener('abort', finish, { once: true });
    void poll();
  });
}

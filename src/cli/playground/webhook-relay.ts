// Webhooks from the model container to the browser: the UI subscribes with `/events?token=`
// (server-sent events), the model posts to `/webhook/<token>`, the body is relayed as one event
// to every subscriber of that token. Limits keep a misbehaving model from exhausting memory.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const MAX_WEBHOOK_BYTES = 10 * 1024 * 1024;
export const MAX_CONCURRENT_WEBHOOKS = 16;
const KEEP_ALIVE_MS = 15_000;

export type JsonReply = (status: number, body: unknown) => void;

export class WebhookRelay {
  readonly #subscribers = new Map<string, Set<ServerResponse>>();
  #inFlight = 0;

  subscribe(token: string, response: ServerResponse): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    response.write(': connected\n\n');
    const set = this.#subscribers.get(token) ?? new Set<ServerResponse>();
    set.add(response);
    this.#subscribers.set(token, set);
    const timer = setInterval(() => response.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    response.on('close', () => {
      clearInterval(timer);
      set.delete(response);
      if (set.size === 0) this.#subscribers.delete(token);
    });
  }

  async deliver(token: string, request: IncomingMessage, reply: JsonReply): Promise<void> {
    if (token === '') return reply(404, { error: 'missing token' });
    if (this.#inFlight >= MAX_CONCURRENT_WEBHOOKS)
      return reply(429, { error: 'too many concurrent webhooks' });
    this.#inFlight++;
    try {
      const body = await readLimited(request, MAX_WEBHOOK_BYTES);
      if (body === undefined) return reply(413, { error: 'webhook body too large' });
      const subscribers = this.#subscribers.get(token);
      if (subscribers === undefined || subscribers.size === 0) {
        return reply(503, { error: 'no browser is ready to receive this webhook' });
      }
      const event = `${body
        .split(/\r?\n/)
        .map((line) => `data: ${line}`)
        .join('\n')}\n\n`;
      for (const subscriber of subscribers) subscriber.write(event);
      reply(200, {});
    } finally {
      this.#inFlight--;
    }
  }

  close(): void {
    for (const set of this.#subscribers.values()) for (const response of set) response.end();
    this.#subscribers.clear();
  }
}

/**
 * The request body as text, or undefined once it exceeds `limit` bytes. The rest of an
 * oversized body is not read; the socket stays open so the 413 can still be sent.
 */
function readLimited(request: IncomingMessage, limit: number): Promise<string | undefined> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        request.off('data', onData);
        request.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

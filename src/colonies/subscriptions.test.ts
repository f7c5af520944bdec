import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ColoniesClient } from './colonies-client.ts';
import { ChannelOrdering, waitForFinalState } from './subscriptions.ts';
import { ProcessState, type ChannelEntry } from './colonies-types.ts';

const entry = (senderid: string, sequence: number, text: string, type?: string): ChannelEntry => ({
  senderid,
  sequence,
  payload: Buffer.from(text).toString('base64'),
  ...(type ? { type } : {}),
});

test('entries come out once each, in per-sender sequence order, whichever path saw them first', () => {
  const o = new ChannelOrdering();
  assert.deepEqual(o.push([entry('a', 2, 'b')]), []); // a frame overtook the poll
  assert.deepEqual(
    o.push([entry('a', 1, 'a'), entry('a', 2, 'b')]).map((i) => i.payload),
    ['a', 'b'],
  );
  assert.deepEqual(o.push([entry('a', 1, 'a'), entry('a', 2, 'b')]), []); // the poll again
  assert.equal(o.seen, 2);
  const end = o.push([entry('a', 3, '', 'end')]);
  assert.deepEqual(
    end.map((i) => i.type),
    ['end'],
  );
});

test('a retried process: the second executor starts its own sequence', () => {
  const o = new ChannelOrdering();
  o.push([entry('a', 1, 'x')]);
  assert.deepEqual(
    o.push([entry('b', 1, 'y'), entry('b', 2, 'z')]).map((i) => `${i.senderId}${i.payload}`),
    ['by', 'bz'],
  );
  assert.equal(o.seen, 3);
});

test('an error entry carries its text; a missing payload decodes to the error field', () => {
  const o = new ChannelOrdering();
  const [item] = o.push([
    { senderid: 'a', sequence: 1, payload: null, type: 'error', error: 'boom' },
  ]);
  assert.deepEqual(item, { senderId: 'a', sequence: 1, type: 'error', payload: 'boom' });
});

/**
 * A /pubsub endpoint that answers every subscription with `event` as one RPC reply frame (a
 * bare WebSocket handshake and one unmasked text frame: all the client needs here).
 */
async function pubsubServer(event: object): Promise<{ port: number; close(): void }> {
  const http = await import('node:http');
  const { createHash } = await import('node:crypto');
  const server = http.createServer();
  const sockets: Array<{ destroy(): void }> = [];
  server.on('upgrade', (request, socket) => {
    sockets.push(socket);
    const accept = createHash('sha1')
      .update(`${String(request.headers['sec-websocket-key'])}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    socket.once('data', () => {
      const payload = Buffer.from(JSON.stringify(event)).toString('base64');
      const text = Buffer.from(JSON.stringify({ payloadtype: 'x', payload }));
      const header =
        text.length < 126
          ? Buffer.from([0x81, text.length])
          : Buffer.from([0x81, 126, text.length >> 8, text.length & 255]);
      socket.write(Buffer.concat([header, text]));
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    close: () => {
      for (const socket of sockets) socket.destroy(); // upgraded: the server no longer tracks them
      server.close();
    },
  };
}

test('a final-state event is read back from the server: its snapshot may lack the errors', async () => {
  const event = { processid: 'p1', state: ProcessState.failed, errors: null };
  const stored = { processid: 'p1', state: ProcessState.failed, errors: ['{"detail":[]}'] };
  const server = await pubsubServer(event);
  let reads = 0;
  const client = {
    pubsubUrl: `ws://127.0.0.1:${server.port}/pubsub`,
    signed: () => '{}',
    // The first read (the backstop poll at once) still sees the process running.
    getProcess: async () => (reads++ === 0 ? { ...stored, state: ProcessState.running } : stored),
  } as unknown as ColoniesClient;
  try {
    const process = await waitForFinalState(client, {
      colonyName: 'c',
      processId: 'p1',
      pollMs: 60_000,
    });
    assert.deepEqual(process.errors, ['{"detail":[]}']);
    assert.equal(reads, 2);
  } finally {
    server.close();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRpcMessage, parseRpcReply, ColoniesRpcError } from './rpc-message.ts';
import { deriveId, recoverId } from './crypto.ts';

const KEY = '59375c7dc292591ad94a9eea7233d178b8ded85c673f58d196774cc6f9a242d9';

test('a request carries msgtype twice and is signed over the base64 payload text', () => {
  const msg = createRpcMessage('getprocessmsg', { processid: 'x' }, KEY);
  assert.equal(msg.payloadtype, 'getprocessmsg');
  // the same bytes as the Go vector for this key (testdata/go-signatures.json)
  assert.equal(msg.payload, 'eyJwcm9jZXNzaWQiOiJ4IiwibXNndHlwZSI6ImdldHByb2Nlc3Ntc2cifQ==');
  assert.equal(
    msg.signature,
    '665c24110d783080d2ae794f394eb7eae26872e409c2b9d2400dc90f38e80205432b9be778e9d987c3eef10c33e49c71df13303250c2c0acf5d5911a741e305f00',
  );
  assert.equal(recoverId(msg.payload, msg.signature), deriveId(KEY));
});

test('large payloads encode (colonies-ts overflowed the stack past ~125 KB)', () => {
  const big = 'é'.repeat(3_000_000);
  const msg = createRpcMessage('addlogmsg', { processid: 'p', message: big }, KEY);
  const back = JSON.parse(Buffer.from(msg.payload, 'base64').toString('utf8')) as {
    message: string;
  };
  assert.equal(back.message, big);
});

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64');

test('replies: values, empty payloads, server errors, non-JSON bodies', () => {
  const table: { name: string; text: string; status: number; want: unknown }[] = [
    {
      name: 'value',
      text: JSON.stringify({ payloadtype: 'x', payload: b64({ a: 1 }), error: false }),
      status: 200,
      want: { a: 1 },
    },
    {
      name: 'empty',
      text: JSON.stringify({ payloadtype: 'x', payload: '', error: false }),
      status: 200,
      want: null,
    },
    {
      name: 'error body',
      text: JSON.stringify({
        payloadtype: 'error',
        payload: b64({ status: 404, message: 'No process available for assignment' }),
        error: true,
      }),
      status: 404,
      want: new ColoniesRpcError('No process available for assignment', 404),
    },
    {
      name: 'error on a socket frame',
      text: JSON.stringify({
        payloadtype: 'error',
        payload: b64({ status: 403, message: 'Access denied' }),
        error: true,
      }),
      status: 0,
      want: new ColoniesRpcError('Access denied', 403),
    },
    {
      name: 'proxy page',
      text: '<html>bad gateway</html>',
      status: 502,
      want: new ColoniesRpcError('server replied 502 (not JSON)', 502),
    },
  ];
  for (const row of table) {
    const reply = parseRpcReply(row.text, row.status);
    if (row.want instanceof ColoniesRpcError) {
      assert.equal(reply.ok, false, row.name);
      if (!reply.ok) {
        assert.equal(reply.error.message, row.want.message, row.name);
        assert.equal(reply.error.status, row.want.status, row.name);
      }
    } else {
      assert.deepEqual(reply, { ok: true, value: row.want }, row.name);
    }
  }
});

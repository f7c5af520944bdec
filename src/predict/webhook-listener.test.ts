import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CleanupStack } from '../image/cleanup-stack.ts';
import { startWebhookListener } from './webhook-listener.ts';

test('webhook listener: payloads on its path, 404 elsewhere, closed by the stack', async () => {
  const stack = new CleanupStack();
  const listener = await startWebhookListener('127.0.0.1', stack);
  assert.ok(listener !== undefined);
  const received: unknown[] = [];
  listener.onPayload = (body) => received.push(body);
  const ok = await fetch(listener.url, { method: 'POST', body: JSON.stringify({ output: [1] }) });
  assert.equal(ok.status, 200);
  const wrong = await fetch(new URL('/other', listener.url), { method: 'POST', body: '{}' });
  assert.equal(wrong.status, 404);
  assert.deepEqual(received, [{ output: [1] }]);
  await stack.dispose();
  await assert.rejects(fetch(listener.url, { method: 'POST', body: '{}' }));
});

test('webhook listener on an address we do not have gives undefined', async () => {
  const stack = new CleanupStack();
  assert.equal(await startWebhookListener('203.0.113.7', stack), undefined);
  await stack.dispose();
});

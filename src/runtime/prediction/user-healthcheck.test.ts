import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserHealthcheck } from './user-healthcheck.ts';

test('concurrent checks share one round trip; the next check starts a new one', async () => {
  const sent: string[] = [];
  const healthcheck = new UserHealthcheck((id) => sent.push(id), 1000);
  const a = healthcheck.check();
  const b = healthcheck.check();
  assert.deepEqual(sent, ['hc_1']);
  healthcheck.answered('hc_1', 'unhealthy');
  assert.deepEqual(await Promise.all([a, b]), ['unhealthy', 'unhealthy']);
  const c = healthcheck.check();
  healthcheck.answered('hc_2', null);
  assert.equal(await c, null);
});

test('no answer within the timeout, or a dead worker, is an error', async () => {
  const slow = new UserHealthcheck(() => {}, 10);
  assert.equal(await slow.check(), 'Healthcheck error: healthcheck timed out');
  const dying = new UserHealthcheck(() => {}, 1000);
  const pending = dying.check();
  dying.failAll('Healthcheck error: Worker crashed');
  assert.equal(await pending, 'Healthcheck error: Worker crashed');
});

// The ColonyOS client against the real server (v1.9.12 on loopback, integration-tests/colonies.sh):
// signatures accepted, the executor calls Cog uses, channels, cancellation, large payloads. No Docker.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { startRig, createColony, type Colony } from './lib/colonies-rig.ts';
import { ProcessState, type FunctionSpec } from '../src/colonies/colonies-types.ts';
import {
  followChannel,
  waitForFinalState,
  waitForState,
  type ChannelItem,
} from '../src/colonies/subscriptions.ts';
import { ColoniesRpcError } from '../src/colonies/rpc-message.ts';

let colony: Colony;
before(async () => {
  colony = await createColony(startRig());
});

const spec = (
  type: string,
  kwargs: Record<string, unknown>,
  extra: Partial<FunctionSpec> = {},
): FunctionSpec => ({
  funcname: 'predict',
  kwargs,
  conditions: { colonyname: colony.name, executortype: type },
  maxexectime: 60,
  maxretries: 0,
  maxwaittime: -1,
  channels: ['output'],
  ...extra,
});

test('submit, assign, log, close: the process ends SUCCESS with our output', async () => {
  const exec = await colony.addExecutor('t-basic');
  const submitted = await colony.user.submit(spec('t-basic', { text: 'héllo', n: 3 }));
  assert.match(submitted.processid, /^[0-9a-f]{64}$/);
  const assigned = await exec.client.assign(colony.name, 5);
  assert.equal(assigned?.processid, submitted.processid);
  assert.deepEqual(assigned?.spec.kwargs, { n: 3, text: 'héllo' });
  await exec.client.addLog(submitted.processid, 'a log line\n');
  await exec.client.closeSuccessful(submitted.processid, [{ status: 'succeeded', output: 'ok' }]);
  const done = await waitForFinalState(colony.user, {
    colonyName: colony.name,
    processId: submitted.processid,
  });
  assert.equal(done.state, ProcessState.success);
  assert.deepEqual(done.out, [{ status: 'succeeded', output: 'ok' }]);
  const logs = await colony.user.getLogs({
    colonyName: colony.name,
    processId: submitted.processid,
    since: 0,
  });
  assert.deepEqual(
    logs.map((l) => l.message),
    ['a log line\n'],
  );
});

test('an empty queue: assign returns null after its timeout', async () => {
  const exec = await colony.addExecutor('t-empty');
  assert.equal(await exec.client.assign(colony.name, 1), null);
});

test('an unknown key is refused with the server message', async () => {
  const stranger = colony.user.as('1'.repeat(64));
  await assert.rejects(
    stranger.assign(colony.name, 1),
    (e: unknown) => e instanceof ColoniesRpcError && e.status === 403,
  );
});

test('a channel streams in order, then an end marker; closeFailed carries the message', async () => {
  const exec = await colony.addExecutor('t-stream');
  const p = await colony.user.submit(spec('t-stream', {}));
  await exec.client.assign(colony.name, 5);
  const items: ChannelItem[] = [];
  const following = followChannel(colony.user, {
    processId: p.processid,
    name: 'output',
    onItem: (i) => items.push(i),
  });
  for (let i = 1; i <= 20; i++) {
    await exec.client.channelAppend({
      processId: p.processid,
      name: 'output',
      sequence: i,
      payload: JSON.stringify(`w${i}`),
    });
  }
  await exec.client.channelAppend({
    processId: p.processid,
    name: 'output',
    sequence: 21,
    payload: '',
    type: 'end',
  });
  await following;
  assert.deepEqual(
    items.map((i) => i.payload),
    [...Array.from({ length: 20 }, (_, i) => JSON.stringify(`w${i + 1}`)), ''],
  );
  assert.equal(items.at(-1)?.type, 'end');
  await exec.client.closeFailed(p.processid, ['ValueError: nope']);
  const done = await waitForFinalState(colony.user, {
    colonyName: colony.name,
    processId: p.processid,
  });
  assert.equal(done.state, ProcessState.failed);
  assert.deepEqual(done.errors, ['ValueError: nope']);
});

test('cancel: the executor sees state 4 and its late close is refused', async () => {
  const exec = await colony.addExecutor('t-cancel');
  const p = await colony.user.submit(spec('t-cancel', {}));
  await exec.client.assign(colony.name, 5);
  const seen = waitForState(exec.client, {
    colonyName: colony.name,
    processId: p.processid,
    states: [ProcessState.cancelled],
  });
  const t0 = Date.now();
  await colony.user.cancelProcess(p.processid);
  assert.equal((await seen).state, ProcessState.cancelled);
  assert.ok(Date.now() - t0 < 5000);
  await assert.rejects(exec.client.closeSuccessful(p.processid, []), ColoniesRpcError);
});

test('a 2 MB input and output pass inline', async () => {
  const exec = await colony.addExecutor('t-big');
  const big =
    'data:application/octet-stream;base64,' + Buffer.alloc(1_500_000, 7).toString('base64');
  const p = await colony.user.submit(spec('t-big', { file: big }));
  const a = await exec.client.assign(colony.name, 5);
  assert.equal(a?.spec.kwargs.file, big);
  await exec.client.closeSuccessful(p.processid, [{ output: big }]);
  const done = await colony.user.getProcess(p.processid);
  assert.deepEqual(done.out, [{ output: big }]);
});

test('an aborted long poll ends at once', async () => {
  const exec = await colony.addExecutor('t-abort');
  const ac = new AbortController();
  const t0 = Date.now();
  setTimeout(() => ac.abort(), 200);
  await assert.rejects(exec.client.assign(colony.name, 20, { signal: ac.signal }));
  assert.ok(Date.now() - t0 < 3000);
});

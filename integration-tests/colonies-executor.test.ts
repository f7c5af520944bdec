// The runtime as a ColonyOS executor (COG_EXECUTOR=colonies, dist/coglet.mjs with the Python
// worker) against the real server on loopback: shared queue, streaming order, bad input,
// remote cancel, an executor killed mid-prediction, a server restart, clean shutdown. No Docker
// (the image path is in colonies-docker.test.ts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRig, restartServer, createColony, type Colony } from './lib/colonies-rig.ts';
import { startExecutor, writePredictor, type ExecutorProcess } from './lib/coglet-executor.ts';
import { ProcessState, type FunctionSpec, type Process } from '../src/colonies/colonies-types.ts';
import { followChannel, waitForFinalState, waitForState } from '../src/colonies/subscriptions.ts';
import { startReceiver } from '../src/runtime/runtime-test-harness.ts';

const PREDICTOR = `
import time
from cog import BaseRunner, Input

class Runner(BaseRunner):
    def setup(self) -> None:
        print("setup done")

    def run(self, text: str = Input(description="what to echo"), n: int = Input(default=1, ge=1), sleep: float = 0.0) -> str:
        print(f"echoing {text}")
        if sleep:
            time.sleep(sleep)
        return text * n
`;

const STREAMING = `
import time
from cog import BaseRunner, ConcatenateIterator, Input, streaming

class Runner(BaseRunner):
    @streaming
    def run(self, words: int = Input(default=30)) -> ConcatenateIterator[str]:
        for i in range(words):
            yield f"w{i} "
`;

let colony: Colony;
const cleanups: (() => Promise<unknown> | void)[] = [];
before(async () => {
  colony = await createColony(startRig());
});
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function executor(
  type: string,
  files: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ExecutorProcess & { name: string }> {
  const model = writePredictor(files);
  const added = await colony.addExecutor(type);
  const proc = startExecutor(model.dir, {
    ...colony.executorEnv(added.key, type, added.name),
    ...env,
  });
  cleanups.push(async () => {
    await proc.stop('SIGKILL');
    model.remove();
  });
  await proc.pulling;
  return Object.assign(proc, { name: added.name });
}

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
  label: 'cog',
  ...extra,
});

const finished = (p: Process): Promise<Process> =>
  waitForFinalState(colony.user, { colonyName: colony.name, processId: p.processid });

test('two executors of one model share 10 predictions; output envelope and logs', async () => {
  const a = await executor('echo', { 'run.py': PREDICTOR });
  const b = await executor('echo', { 'run.py': PREDICTOR });
  const submitted = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      colony.user.submit(spec('echo', { text: `t${i}`, n: 2, sleep: 0.3 })),
    ),
  );
  const done = await Promise.all(submitted.map(finished));
  for (const [i, p] of done.entries()) {
    assert.equal(p.state, ProcessState.success, JSON.stringify(p.errors));
    const envelope = p.out?.[0] as {
      status: string;
      output: string;
      metrics: { predict_time: number };
    };
    assert.equal(envelope.status, 'succeeded');
    assert.equal(envelope.output, `t${i}t${i}`);
    assert.ok(envelope.metrics.predict_time >= 0.3);
  }
  const byExecutor = new Map<string, number>();
  for (const p of done)
    byExecutor.set(p.assignedexecutorid, (byExecutor.get(p.assignedexecutorid) ?? 0) + 1);
  assert.equal(byExecutor.size, 2, 'both executors took work');
  const logs = await colony.user.getLogs({
    colonyName: colony.name,
    processId: done[0]?.processid ?? '',
    since: 0,
  });
  assert.match(logs.map((l) => l.message).join(''), /echoing t0\n/);
  assert.equal(await a.stop(), 0);
  assert.equal(await b.stop(), 0);
});

test('streaming: items arrive on the channel in order, then the end marker; out holds them all', async () => {
  await executor('stream', { 'run.py': STREAMING });
  const p = await colony.user.submit(spec('stream', { words: 40 }));
  const items: string[] = [];
  let end = '';
  const ac = new AbortController();
  const following = followChannel(colony.user, {
    processId: p.processid,
    name: 'output',
    signal: ac.signal,
    onItem: (item) =>
      item.type === 'data' ? items.push(JSON.parse(item.payload) as string) : (end = item.type),
  });
  const done = await finished(p);
  await Promise.race([following, new Promise((r) => setTimeout(r, 3000))]);
  ac.abort();
  const expected = Array.from({ length: 40 }, (_, i) => `w${i} `);
  assert.deepEqual(items, expected);
  assert.equal(end, 'end');
  assert.deepEqual((done.out?.[0] as { output: unknown }).output, expected);
});

test('bad input: the process fails with the HTTP 422 body; the executor goes on', async () => {
  await executor('strict', { 'run.py': PREDICTOR });
  const bad = await finished(await colony.user.submit(spec('strict', { n: 0 })));
  assert.equal(bad.state, ProcessState.failed);
  const body = JSON.parse(bad.errors?.[0] ?? '{}') as { detail: { loc: unknown[]; msg: string }[] };
  assert.deepEqual(
    body.detail.map((d) => d.loc),
    [
      ['body', 'input', 'text'],
      ['body', 'input', 'n'],
    ],
  );
  const unsupported = await finished(
    await colony.user.submit(spec('strict', { text: 'x' }, { funcname: 'exec' })),
  );
  assert.deepEqual(unsupported.errors, ['unsupported function "exec"']);
  const good = await finished(await colony.user.submit(spec('strict', { text: 'ok' })));
  assert.equal(good.state, ProcessState.success);
});

test('remote cancel stops the running prediction; the slot is free again at once', async () => {
  await executor('cancel', { 'run.py': PREDICTOR });
  const p = await colony.user.submit(spec('cancel', { text: 'x', sleep: 30 }));
  await waitForState(colony.user, {
    colonyName: colony.name,
    processId: p.processid,
    states: [ProcessState.running],
  });
  await new Promise((r) => setTimeout(r, 500));
  await colony.user.cancelProcess(p.processid);
  assert.equal((await finished(p)).state, ProcessState.cancelled);
  const t0 = Date.now();
  const next = await finished(await colony.user.submit(spec('cancel', { text: 'after' })));
  assert.equal(next.state, ProcessState.success);
  assert.ok(
    Date.now() - t0 < 10_000,
    'the cancelled prediction did not hold the slot for its 30 s',
  );
});

test('an executor killed mid-prediction: another one finishes it (maxexectime + retries)', async () => {
  const first = await executor('retry', { 'run.py': PREDICTOR });
  const p = await colony.user.submit(
    spec('retry', { text: 'again', sleep: 1 }, { maxexectime: 3, maxretries: 1 }),
  );
  await waitForState(colony.user, {
    colonyName: colony.name,
    processId: p.processid,
    states: [ProcessState.running],
  });
  await first.stop('SIGKILL');
  await executor('retry', { 'run.py': PREDICTOR });
  const done = await finished(p);
  assert.equal(done.state, ProcessState.success, JSON.stringify(done.errors));
  assert.equal(done.retries, 1);
  assert.equal((done.out?.[0] as { output: string }).output, 'again');
});

test('a server restart: the executor reconnects and keeps its slot loops', async () => {
  const e = await executor('restart', { 'run.py': PREDICTOR });
  restartServer();
  // A fresh client: the test's pooled keep-alive sockets died with the old server.
  const user = colony.user.as(colony.userKey);
  const p = await user
    .submit(spec('restart', { text: 'back' }))
    .catch(() => user.submit(spec('restart', { text: 'back' })));
  const done = await finished(p);
  assert.equal(done.state, ProcessState.success);
  assert.match(e.output(), /reconnected to the ColonyOS server/);
});

test('self-registration with the colony key; SIGTERM deregisters; keys never in the output', async () => {
  const model = writePredictor({ 'run.py': PREDICTOR });
  cleanups.push(() => model.remove());
  const env = colony.executorEnv('', 'selfreg', 'selfreg-1');
  delete env.COLONIES_PRVKEY;
  const proc = startExecutor(model.dir, { ...env, COLONIES_COLONY_PRVKEY: colony.colonyKey });
  cleanups.push(() => proc.stop('SIGKILL'));
  await proc.pulling;
  // Removal marks an executor UNREGISTERED (state 3); approved ones are state 1.
  const names = async () =>
    (await colony.user.getExecutors(colony.name))
      .filter((x) => x.state === 1)
      .map((x) => x.executorname);
  assert.ok((await names()).includes('selfreg-1'));
  const done = await finished(await colony.user.submit(spec('selfreg', { text: 'me' })));
  assert.equal(done.state, ProcessState.success);
  assert.equal(await proc.stop('SIGTERM'), 0);
  assert.ok(!(await names()).includes('selfreg-1'), `still registered:\n${proc.output()}`);
  assert.ok(!proc.output().includes(colony.colonyKey));
});

test('setup failure: exits 1 and takes no work; a bad config is one line', async () => {
  const model = writePredictor({ 'run.py': 'raise RuntimeError("broken model")\n' });
  cleanups.push(() => model.remove());
  const added = await colony.addExecutor('broken');
  const proc = startExecutor(model.dir, colony.executorEnv(added.key, 'broken', added.name));
  assert.equal(await proc.exited, 1);
  assert.match(proc.output(), /broken model/);
  const bad = startExecutor(model.dir, { ...colony.executorEnv('not-a-key', 'broken', 'x') });
  assert.equal(await bad.exited, 1);
  assert.match(bad.output(), /COLONIES_PRVKEY must be 64 lower-case hex characters/);
});

test('a worker crash fails the process and stops the executor (exit 1) instead of failing every later one', async () => {
  const crashing = `
import os
from cog import BaseRunner

class Runner(BaseRunner):
    def run(self, text: str) -> str:
        os._exit(3)
`;
  const e = await executor('crash', { 'run.py': crashing });
  const done = await finished(await colony.user.submit(spec('crash', { text: 'x' })));
  assert.equal(done.state, ProcessState.failed);
  assert.match(done.errors?.[0] ?? '', /Worker crashed/);
  assert.equal(await e.exited, 1);
  assert.match(e.output(), /the model worker has crashed/);
});

test('output files: up to COG_COLONIES_INLINE_LIMIT inline, larger ones PUT to COG_COLONIES_UPLOAD_URL', async () => {
  const files = `
import tempfile
from typing import List
from cog import BaseRunner, Path

class Runner(BaseRunner):
    def run(self, sizes: List[int]) -> List[Path]:
        out = []
        for i, size in enumerate(sizes):
            path = Path(tempfile.mkdtemp()) / f"out{i}.txt"
            path.write_text("x" * size)
            out.append(path)
        return out
`;
  const store = await startReceiver();
  cleanups.push(() => store.close());
  await executor(
    'files',
    { 'run.py': files },
    { COG_COLONIES_INLINE_LIMIT: '16', COG_COLONIES_UPLOAD_URL: `${store.url}/bucket/` },
  );
  const done = await finished(await colony.user.submit(spec('files', { sizes: [16, 17] })));
  assert.equal(done.state, ProcessState.success, JSON.stringify(done.errors));
  assert.deepEqual((done.out?.[0] as { output: unknown }).output, [
    `data:text/plain;base64,${Buffer.from('x'.repeat(16)).toString('base64')}`,
    `${store.url}/bucket/out1.txt`,
  ]);
  assert.deepEqual(
    store.requests.map((r) => [r.method, r.url, r.headers['x-prediction-id'], r.body.length]),
    [['PUT', '/bucket/out1.txt', done.processid, 17]],
  );
});

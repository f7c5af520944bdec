// `cog run --remote colonies` (and predict, train) against the real server on loopback with a
// real executor (the built coglet + Python worker, no Docker): output bytes, --json, live
// streaming, logs on stderr, failures, Ctrl-C cancelling the remote process, config errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRig, createColony, type Colony } from './lib/colonies-rig.ts';
import { startExecutor, writePredictor } from './lib/coglet-executor.ts';
import { cog, spawnCog } from './lib/cog-cli.ts';
import { ProcessState } from '../src/colonies/colonies-types.ts';
import { startReceiver } from '../src/runtime/runtime-test-harness.ts';

const HELLO = `
import time
from cog import BaseRunner, Input

class Runner(BaseRunner):
    def run(self, text: str = Input(description="who"), sleep: float = 0.0, fail: bool = False) -> str:
        print(f"greeting {text}")
        if sleep:
            time.sleep(sleep)
        if fail:
            raise ValueError("asked to fail")
        return f"hello {text}"
`;

const STREAM = `
import time
from cog import BaseRunner, ConcatenateIterator, Input, streaming

class Runner(BaseRunner):
    @streaming
    def run(self, text: str = Input(default="the quick brown fox")) -> ConcatenateIterator[str]:
        for i, word in enumerate(text.split()):
            time.sleep(0.05)
            yield word if i == 0 else f" {word}"
`;

const FILES = `
import tempfile
from cog import BaseRunner, Input, Path

class Runner(BaseRunner):
    def run(self, file: Path = Input(description="A text file")) -> Path:
        out = Path(tempfile.mkdtemp()) / "upper.txt"
        out.write_text(file.read_text().upper())
        return out
`;

let colony: Colony;
let cwd: string;
const cleanups: (() => Promise<unknown> | void)[] = [];

before(async () => {
  colony = await createColony(startRig());
  cwd = mkdtempSync(path.join(os.tmpdir(), 'cog-remote-'));
  cleanups.push(() => rmSync(cwd, { recursive: true, force: true }));
  for (const [type, source] of [
    ['hello', HELLO],
    ['stream', STREAM],
    ['files', FILES],
  ] as const) {
    const model = writePredictor({ 'run.py': source });
    const added = await colony.addExecutor(type);
    const proc = startExecutor(model.dir, colony.executorEnv(added.key, type, added.name));
    cleanups.push(async () => {
      await proc.stop('SIGKILL');
      model.remove();
    });
    await proc.pulling;
  }
});
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

const userEnv = (): Record<string, string> => ({
  COLONIES_SERVER_HOST: '127.0.0.1',
  COLONIES_SERVER_PORT: colony.executorEnv('', '', '').COLONIES_SERVER_PORT ?? '',
  COLONIES_TLS: 'false',
  COLONIES_COLONY_NAME: colony.name,
  COLONIES_PRVKEY: colony.userKey,
});

const remote = (args: string[], env: Record<string, string> = {}) =>
  cog(['run', '--remote', 'colonies', ...args], {
    cwd,
    env: { ...userEnv(), ...env },
    timeoutMs: 120_000,
  });

test('a string output: the same stdout as a local run; logs on stderr', async () => {
  const r = await remote(['--executor-type', 'hello', '-i', 'text=world']);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.stdout, 'hello world\n');
  assert.match(r.stderr, /Running prediction\.\.\./);
  assert.match(r.stderr, /greeting world/);
  assert.ok(!r.stderr.includes(colony.userKey), 'the key is never printed');
});

test('--json prints the response envelope', async () => {
  const r = await remote(['--executor-type', 'hello', '--json', '{"text": "json"}']);
  assert.equal(r.exitCode, 0, r.stderr);
  const body = JSON.parse(r.stdout) as {
    status: string;
    output: string;
    error: string;
    metrics: { predict_time: number };
  };
  assert.equal(body.status, 'succeeded');
  assert.equal(body.output, 'hello json');
  assert.equal(body.error, '');
  assert.equal(typeof body.metrics.predict_time, 'number');
});

test('cog predict --remote streams a ConcatenateIterator live, then nothing more', async () => {
  const r = await cog(
    [
      'predict',
      '--remote',
      'colonies',
      '--executor-type',
      'stream',
      '-i',
      'text=one two three four',
    ],
    {
      cwd,
      env: userEnv(),
      timeoutMs: 120_000,
    },
  );
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.stdout, 'one two three four\n');
});

test('a failing prediction: exit 1 and the error, as locally', async () => {
  const r = await remote(['--executor-type', 'hello', '-i', 'text=x', '-i', 'fail=true']);
  assert.equal(r.exitCode, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /Prediction failed with status "failed": asked to fail/);
});

test('an unknown input is refused before anything is submitted', async () => {
  const r = await remote(['--executor-type', 'hello', '-i', 'nope=1']);
  assert.equal(r.exitCode, 1);
  assert.match(r.stderr, /nope/);
});

test('Ctrl-C cancels the remote process and exits 130', async () => {
  const child = spawnCog(
    [
      'run',
      '--remote',
      'colonies',
      '--executor-type',
      'hello',
      '-i',
      'text=slow',
      '-i',
      'sleep=30',
      '--debug',
    ],
    {
      cwd,
      env: userEnv(),
      timeoutMs: 120_000,
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const deadline = Date.now() + 20_000;
  while (!/greeting slow/.test(stderr) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  const id = /ColonyOS process ([0-9a-f]{64})/.exec(stderr)?.[1];
  assert.ok(id, stderr);
  child.kill('SIGINT');
  const result = await child;
  assert.equal(result.exitCode, 130);
  assert.equal((await colony.user.getProcess(id)).state, ProcessState.cancelled);
});

test('configuration errors are one line with a hint', async () => {
  const missing = await remote(['--executor-type', 'hello', '-i', 'text=x'], {
    COLONIES_COLONY_NAME: '',
  });
  assert.equal(missing.exitCode, 1);
  assert.match(missing.stderr, /--remote colonies needs COLONIES_COLONY_NAME/);
  const none = await remote(['--executor-type', 'nobody', '-i', 'text=x']);
  assert.equal(none.exitCode, 1);
  assert.match(none.stderr, /No executor of type "nobody" offers predict/);
  const down = await remote(['--executor-type', 'hello', '-i', 'text=x'], {
    COLONIES_SERVER_PORT: '1',
  });
  assert.equal(down.exitCode, 1);
  assert.match(down.stderr, /Cannot reach the ColonyOS server at 127.0.0.1:1/);
});

test('files: an @file input travels as a data URI, a Path output is written as locally', async () => {
  writeFileSync(path.join(cwd, 'in.txt'), 'shout\n');
  const r = await remote(['--executor-type', 'files', '-i', 'file=@in.txt']);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stderr, /Written output to: output\.txt/);
  assert.equal(readFileSync(path.join(cwd, 'output.txt'), 'utf8'), 'SHOUT\n');
});

test('files: an output the executor uploaded (above its inline limit) is downloaded and written as locally', async () => {
  const store = await startReceiver();
  cleanups.push(() => store.close());
  const stored = new Map<string, { type: string; body: Buffer }>();
  store.reply = (req, body) => {
    const key = req.url ?? '';
    if (req.method === 'PUT') {
      stored.set(key, { type: String(req.headers['content-type']), body });
      return { status: 201 };
    }
    const file = stored.get(key);
    return file
      ? { status: 200, headers: { 'Content-Type': file.type }, body: file.body.toString() }
      : { status: 404 };
  };
  const model = writePredictor({ 'run.py': FILES });
  const added = await colony.addExecutor('uploads');
  const proc = startExecutor(model.dir, {
    ...colony.executorEnv(added.key, 'uploads', added.name),
    COG_COLONIES_INLINE_LIMIT: '0',
    COG_COLONIES_UPLOAD_URL: `${store.url}/bucket`,
  });
  cleanups.push(async () => {
    await proc.stop('SIGKILL');
    model.remove();
  });
  await proc.pulling;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cog-remote-up-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'in.txt'), 'uploaded\n');
  const r = await cog(
    ['run', '--remote', 'colonies', '--executor-type', 'uploads', '-i', 'file=@in.txt'],
    {
      cwd: dir,
      env: userEnv(),
      timeoutMs: 120_000,
    },
  );
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stderr, /Written output to: output\.txt/);
  assert.equal(readFileSync(path.join(dir, 'output.txt'), 'utf8'), 'UPLOADED\n');
  assert.deepEqual(
    store.requests.map((q) => [q.method, q.url]),
    [
      ['PUT', '/bucket/upper.txt'],
      ['GET', '/bucket/upper.txt'],
    ],
  );
});

test('cog train --remote: a train-mode executor runs train(); the output is written as locally', async () => {
  const TRAIN = `
from cog import Input

def train(greeting: str = Input(description="the greeting"), repeats: int = Input(default=1, ge=1)) -> str:
    return " ".join([greeting] * repeats)
`;
  const model = writePredictor({ 'train.py': TRAIN });
  const added = await colony.addExecutor('trainer');
  const proc = startExecutor(
    model.dir,
    {
      ...colony.executorEnv(added.key, 'trainer', added.name),
      COG_TRAIN_TYPE_STUB: 'train.py:train',
    },
    ['--x-mode', 'train'],
  );
  cleanups.push(async () => {
    await proc.stop('SIGKILL');
    model.remove();
  });
  await proc.pulling;
  const r = await cog(
    [
      'train',
      '--remote',
      'colonies',
      '--executor-type',
      'trainer',
      '-i',
      'greeting=hi',
      '-i',
      'repeats=2',
    ],
    {
      cwd,
      env: userEnv(),
      timeoutMs: 120_000,
    },
  );
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stderr, /Running training\.\.\./);
  assert.equal(readFileSync(path.join(cwd, 'weights'), 'utf8'), 'hi hi\n');
});

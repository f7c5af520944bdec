// Protocol test of the standalone Node worker (dist/coglet-worker.mjs, built by `npm run build`)
// under cog-runtime's file-based IPC (spec runtime.md §10.3): every file and status callback of
// a session, checked as JSON, with a JavaScript predictor in a temp working directory.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('../../dist/coglet-worker.mjs', import.meta.url));

const PREDICTOR = `
import { setTimeout as sleep } from 'node:timers/promises';
const hook = () => globalThis[Symbol.for('cog.worker')];
export const inputs = {
  prompt: { type: 'string', description: 'what to echo' },
  steps: { type: 'integer', default: 2, ge: 1 },
  delay: { type: 'integer', default: 0 },
};
export const output = { type: 'iterator', items: { type: 'string' } };
export class Predictor {
  setup() { console.log('setting up'); }
  async *run({ prompt, steps, delay }, { signal }) {
    hook().recordMetric('tokens', 3, 'replace');
    for (let i = 0; i < steps; i++) {
      if (delay) await sleep(delay, undefined, { signal });
      console.log('step ' + i);
      yield prompt + '-' + i;
    }
  }
}
`;

interface Session {
  dir: string;
  child: ChildProcess;
  statuses: Array<{ name: string; pid: number; status: string }>;
  stdout: string;
  exit: Promise<number | null>;
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function json(dir: string, name: string): unknown {
  return JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
}

function responses(dir: string, id: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.startsWith(`response-${id}-`))
    .sort();
}

function terminal(dir: string, id: string): unknown[] | undefined {
  const files = responses(dir, id);
  const bodies = files.map((name) => json(dir, name) as { status: string });
  const last = bodies.at(-1);
  return last && ['succeeded', 'failed', 'canceled'].includes(last.status) ? bodies : undefined;
}

async function startSession(
  files: Record<string, string>,
  ipcUrl: string,
  statuses: Session['statuses'],
): Promise<Session> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'coglet-file-ipc-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const child = spawn(
    process.execPath,
    [WORKER, '--ipc-url', ipcUrl, '--working-dir', dir, '--name', 'default'],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const session: Session = {
    dir,
    child,
    statuses,
    stdout: '',
    exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
  child.stdout?.on('data', (chunk: Buffer) => (session.stdout += chunk.toString()));
  child.stderr?.resume();
  return session;
}

describe('coglet-worker.mjs over file IPC', () => {
  let server: http.Server;
  let ipcUrl = '';
  const statuses: Session['statuses'] = [];
  before(async () => {
    assert.ok(existsSync(WORKER), `${WORKER} is missing: run npm run build`);
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.url === '/_ipc') statuses.push(JSON.parse(body) as Session['statuses'][number]);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    ipcUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/_ipc`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('a whole session: config, schema, setup, async and sync requests, validation, cancel, stop', async () => {
    statuses.length = 0;
    const s = await startSession(
      // Stale files from an earlier run are removed at start.
      { 'predict.mjs': PREDICTOR, ready: '', stop: '', 'setup_result.json': '{}' },
      ipcUrl,
      statuses,
    );
    try {
      await until('stale files removed', () =>
        existsSync(path.join(s.dir, 'stop')) ? undefined : true,
      );
      writeFileSync(
        path.join(s.dir, 'config.json'),
        JSON.stringify({ module_name: 'predict', predictor_name: 'Predictor', max_concurrency: 1 }),
      );
      await until('READY', () => (statuses.some((x) => x.status === 'READY') ? true : undefined));
      assert.deepEqual(statuses[0], { name: 'default', pid: s.child.pid, status: 'READY' });
      assert.equal(existsSync(path.join(s.dir, 'config.json')), false, 'config.json is consumed');
      assert.equal(existsSync(path.join(s.dir, 'ready')), true);
      assert.equal(existsSync(path.join(s.dir, 'async_predict')), true);
      const setup = json(s.dir, 'setup_result.json') as Record<string, string>;
      assert.equal(setup.status, 'succeeded');
      assert.match(setup.started_at ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
      assert.match(setup.completed_at ?? '', /\+00:00$/);
      const schema = json(s.dir, 'openapi.json') as {
        components: { schemas: Record<string, { required?: string[] }> };
      };
      assert.deepEqual(schema.components.schemas.Input?.required, ['prompt']);
      assert.match(s.stdout, /^setting up\n/);

      // Async (webhook key present): starting, one processing file per item, then succeeded.
      writeFileSync(
        path.join(s.dir, 'request-a.json'),
        JSON.stringify({ id: 'a', input: { prompt: 'hi', steps: 2 }, webhook: 'http://x' }),
      );
      const a = await until('a to finish', () => terminal(s.dir, 'a'));
      assert.deepEqual(responses(s.dir, 'a'), [
        'response-a-00000.json',
        'response-a-00001.json',
        'response-a-00002.json',
        'response-a-00003.json',
      ]);
      const { completed_at: completedAt, ...last } = a[3] as Record<string, unknown>;
      assert.match(String(completedAt), /\+00:00$/);
      assert.deepEqual(a.slice(0, 3), [
        { status: 'starting' },
        { status: 'processing', output: ['hi-0'], metrics: { tokens: 3 } },
        { status: 'processing', output: ['hi-0', 'hi-1'], metrics: { tokens: 3 } },
      ]);
      assert.deepEqual(last, {
        status: 'succeeded',
        output: ['hi-0', 'hi-1'],
        metrics: { tokens: 3 },
      });
      assert.equal(existsSync(path.join(s.dir, 'request-a.json')), false, 'requests are consumed');
      await until('READY after a', () =>
        statuses.filter((x) => x.status === 'READY').length === 2 ? true : undefined,
      );
      assert.deepEqual(
        statuses.map((x) => x.status),
        ['READY', 'BUSY', 'OUTPUT', 'OUTPUT', 'OUTPUT', 'OUTPUT', 'READY'],
      );
      assert.match(s.stdout, /\[pid=a\] step 0\n\[pid=a\] step 1\n/);

      // Sync (no webhook key): one terminal file; an unknown field is ignored with a warning.
      writeFileSync(
        path.join(s.dir, 'request-b.json'),
        JSON.stringify({ input: { prompt: 'yo', steps: 1, bogus: 1 } }),
      );
      const b = await until('b to finish', () => terminal(s.dir, 'b'));
      assert.equal(b.length, 1);
      assert.deepEqual((b[0] as Record<string, unknown>).output, ['yo-0']);
      assert.match(s.stdout, /\[pid=b\] WARNING unknown input field ignored: bogus\n/);

      // A missing required input fails the prediction (an iterator's output is []).
      writeFileSync(path.join(s.dir, 'request-c.json'), JSON.stringify({ input: {} }));
      const c = (await until('c to finish', () => terminal(s.dir, 'c')))[0] as Record<
        string,
        unknown
      >;
      assert.deepEqual(
        [c.status, c.output, c.error],
        ['failed', [], 'missing required input field: prompt'],
      );

      // cancel-<id> ends a running prediction canceled.
      writeFileSync(
        path.join(s.dir, 'request-d.json'),
        JSON.stringify({ input: { prompt: 'z', steps: 100, delay: 200 }, webhook: 'http://x' }),
      );
      await until('d to start', () => (responses(s.dir, 'd').length > 1 ? true : undefined));
      writeFileSync(path.join(s.dir, 'cancel-d'), '');
      const d = await until('d to be canceled', () => terminal(s.dir, 'd'));
      assert.equal((d.at(-1) as Record<string, unknown>).status, 'canceled');
      assert.equal(existsSync(path.join(s.dir, 'cancel-d')), false, 'cancel files are consumed');

      writeFileSync(path.join(s.dir, 'stop'), '');
      assert.equal(await s.exit, 0);
      assert.deepEqual(
        readdirSync(s.dir).filter((name) => name.endsWith('.tmp')),
        [],
        'no temp files are left behind',
      );
    } finally {
      s.child.kill('SIGKILL');
      rmSync(s.dir, { recursive: true, force: true });
    }
  });

  test('a failed setup writes setup_result.json failed, sends no status and exits 1', async () => {
    statuses.length = 0;
    const s = await startSession(
      {
        'predict.ts':
          'export const inputs = {};\nexport class Predictor { setup(): void { throw new Error("no weights"); } run() {} }\n',
        'config.json': JSON.stringify({ module_name: 'predict', predictor_name: 'Predictor' }),
      },
      ipcUrl,
      statuses,
    );
    try {
      assert.equal(await s.exit, 1);
      assert.equal((json(s.dir, 'setup_result.json') as { status: string }).status, 'failed');
      assert.equal(existsSync(path.join(s.dir, 'ready')), false);
      assert.deepEqual(statuses, []);
    } finally {
      rmSync(s.dir, { recursive: true, force: true });
    }
  });
});

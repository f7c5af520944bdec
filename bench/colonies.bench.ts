// ColonyOS over loopback (integration-tests/colonies.sh rig, dist/coglet.mjs executors with the
// Python worker): sequential remote-prediction latency (submit → SUCCESS seen by the client,
// p50/p99 of 40) next to the same predictor's local HTTP latency (POST /predictions, p50 of 40),
// and throughput with 1 and 2 executors (40 predictions of a 100 ms predictor submitted at once).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Measurement } from './run.ts';
import { python, root } from './runtime-entry.ts';
import { createColony, startRig, type Colony } from '../integration-tests/lib/colonies-rig.ts';
import {
  startExecutor,
  writePredictor,
  type ExecutorProcess,
} from '../integration-tests/lib/coglet-executor.ts';
import type { FunctionSpec } from '../src/colonies/colonies-types.ts';
import { waitForFinalState } from '../src/colonies/subscriptions.ts';

const PREDICTOR = `
import time
from cog import BaseRunner

class Runner(BaseRunner):
    def run(self, text: str, sleep: float = 0.0) -> str:
        if sleep:
            time.sleep(sleep)
        return text
`;

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

async function localHttpLatency(dir: string): Promise<number[]> {
  const port = 26_000 + Math.floor(Math.random() * 4000);
  const child = spawn(
    process.execPath,
    [path.join(root, 'dist', 'coglet.mjs'), '--host', '127.0.0.1'],
    {
      cwd: dir,
      stdio: 'ignore',
      env: {
        ...process.env,
        PORT: String(port),
        COG_PREDICT_TYPE_STUB: 'run.py:Runner',
        COG_PYTHON: python,
        PYTHONPATH: path.join(root, 'python'),
      },
    },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      const ok = await fetch(`${url}/health-check`)
        .then(async (r) => ((await r.json()) as { status: string }).status === 'READY')
        .catch(() => false);
      if (ok) break;
      if (i > 3000) throw new Error('local runtime did not become READY');
      await new Promise((r) => setTimeout(r, 10));
    }
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      const r = await fetch(`${url}/predictions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input: { text: 'x' } }),
      });
      await r.json();
      times.push(performance.now() - t0);
    }
    return times;
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

export default async function bench(): Promise<Measurement[]> {
  const colony: Colony = await createColony(startRig());
  const model = writePredictor({ 'run.py': PREDICTOR });
  const executors: ExecutorProcess[] = [];
  const spec = (kwargs: Record<string, unknown>): FunctionSpec => ({
    funcname: 'predict',
    kwargs,
    conditions: { colonyname: colony.name, executortype: 'bench' },
    maxexectime: 60,
    maxretries: 0,
    maxwaittime: -1,
    channels: ['output'],
  });
  const one = async (kwargs: Record<string, unknown>): Promise<void> => {
    const p = await colony.user.submit(spec(kwargs));
    await waitForFinalState(colony.user, {
      colonyName: colony.name,
      processId: p.processid,
      pollMs: 1000,
    });
  };
  const addExecutor = async (): Promise<void> => {
    const added = await colony.addExecutor('bench');
    const e = startExecutor(model.dir, colony.executorEnv(added.key, 'bench', added.name));
    executors.push(e);
    await e.pulling;
  };
  const throughput = async (): Promise<number> => {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 40 }, () => one({ text: 'x', sleep: 0.1 })));
    return 40 / ((performance.now() - t0) / 1000);
  };
  try {
    const local = await localHttpLatency(model.dir);
    await addExecutor();
    await one({ text: 'warm-up' });
    const remote: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      await one({ text: 'x' });
      remote.push(performance.now() - t0);
    }
    const oneExecutor = await throughput();
    await addExecutor();
    const twoExecutors = await throughput();
    return [
      {
        name: 'local HTTP prediction p50 (trivial predictor)',
        value: percentile(local, 50),
        unit: 'ms',
      },
      {
        name: 'remote prediction p50 (submit to SUCCESS, loopback)',
        value: percentile(remote, 50),
        unit: 'ms',
      },
      { name: 'remote prediction p99', value: percentile(remote, 99), unit: 'ms' },
      { name: 'throughput, 1 executor (100 ms predictor)', value: oneExecutor, unit: 'pred/s' },
      { name: 'throughput, 2 executors (100 ms predictor)', value: twoExecutors, unit: 'pred/s' },
    ];
  } finally {
    for (const e of executors) await e.stop();
    model.remove();
  }
}

// `node bench/colonies.bench.ts` runs this bench alone.
if (process.argv[1] === fileURLToPath(import.meta.url)) console.table(await bench());

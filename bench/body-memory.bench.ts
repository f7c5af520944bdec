// Memory of the runtime under large request bodies: five concurrent 99 MiB prediction bodies (a
// data-URI file input each) against one server, peak RSS of the Node process (VmHWM from
// /proc) and how the five were answered. Shows the effect of the in-flight body budget
// (COG_MAX_BODY_BYTES_IN_FLIGHT, docs/runtime.md). Run alone:
// node -e "import('./bench/body-memory.bench.ts').then((m) => m.default()).then(console.log)"
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Measurement } from './run.ts';
import { entry, python, root } from './runtime-entry.ts';

const SYNC = `
import os
from cog import BaseRunner, Path

class Runner(BaseRunner):
    def run(self, file: Path) -> int:
        return os.path.getsize(file)
`;

// Five slots: every body is admitted to a prediction, none is turned away with a 409.
const CONCURRENT = `
import os
from cog import BaseRunner, Path, concurrent

class Runner(BaseRunner):
    @concurrent(max=5)
    async def run(self, file: Path) -> int:
        return os.path.getsize(file)
`;

const BODY_MIB = 99;
const CLIENTS = 5;

/** `{"input":{"file":"data:…;base64,…"}}` of exactly BODY_MIB MiB. */
function largeBody(): Buffer {
  const head = Buffer.from('{"input":{"file":"data:application/octet-stream;base64,');
  const tail = Buffer.from('"}}');
  let payload = BODY_MIB * 1024 * 1024 - head.length - tail.length;
  payload -= payload % 4;
  const body = Buffer.alloc(head.length + payload + tail.length, 'A');
  head.copy(body, 0);
  tail.copy(body, body.length - tail.length);
  return body.subarray(0, head.length + payload + tail.length);
}

function post(url: string, body: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const request = http.request(`${url}/predictions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': body.length },
    });
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    // The server may answer (413/503) and close before the whole body is sent.
    request.on('error', () => resolve(-1));
    request.end(body);
  });
}

function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kib / 1024;
}

async function measure(
  predictor: string,
  env: Record<string, string>,
): Promise<{ peak: number; codes: number[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'coglet-bench-'));
  writeFileSync(path.join(dir, 'run.py'), predictor);
  const port = 30_000 + Math.floor(Math.random() * 5000);
  const child = spawn(process.execPath, [entry, '--host', '127.0.0.1'], {
    cwd: dir,
    stdio: 'ignore',
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      COG_PREDICT_TYPE_STUB: 'run.py:Runner',
      COG_PYTHON: python,
      PYTHONPATH: path.join(root, 'python'),
    },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ready = await fetch(`${url}/health-check`)
        .then(async (r) => ((await r.json()) as { status: string }).status === 'READY')
        .catch(() => false);
      if (ready) break;
      if (Date.now() > deadline) throw new Error('runtime did not become READY');
      await new Promise((r) => setTimeout(r, 20));
    }
    const body = largeBody();
    const codes = await Promise.all(Array.from({ length: CLIENTS }, () => post(url, body)));
    return { peak: peakRssMiB(child.pid as number), codes: codes.sort() };
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function bodyMemoryBench(): Promise<Measurement[]> {
  const rows: Measurement[] = [];
  const unbounded = { COG_MAX_BODY_BYTES_IN_FLIGHT: String(10 * 1024 ** 3) };
  const runs: [string, string, Record<string, string>][] = [
    ['1 slot, default budget', SYNC, {}],
    ['1 slot, no budget', SYNC, unbounded],
    ['5 slots, default budget', CONCURRENT, {}],
    ['5 slots, no budget', CONCURRENT, unbounded],
  ];
  for (const [label, predictor, env] of runs) {
    const { peak, codes } = await measure(predictor, env);
    rows.push({
      name: `${CLIENTS} x ${BODY_MIB} MiB bodies, ${label}: peak RSS (answers ${codes.join(',')})`,
      value: peak,
      unit: 'MiB',
    });
  }
  return rows;
}

// The bounded queue and GET /metrics on a built image (`cog build`, then `docker run -e`, as a
// deployment sets them): with COG_QUEUE_SIZE=3 and one slot, five concurrent predictions give
// four answers in order and one 409; the queue shows in /health-check; /metrics, scraped with a
// Prometheus text parser, counts it all. COG_METRICS=0 turns the route off.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { histogramCount, parseScrape, sampleValue } from '../src/runtime/metrics/scrape.ts';
import { cog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import { inlineProject, type TempProject } from './lib/project.ts';

let project: TempProject;
let image: string;

before(async () => {
  project = await inlineProject('queue', {
    'cog.yaml': 'build:\n  python_version: "3.11"\nrun: "run.py:Runner"\n',
    'run.py': [
      'import time',
      'from cog import BaseRunner',
      '',
      'class Runner(BaseRunner):',
      '    def run(self, n: int, sleep: float = 0.4) -> int:',
      '        time.sleep(sleep)',
      '        return n',
      '',
    ].join('\n'),
  });
  image = `${project.devImage}-release`;
  const built = await cog(['build', '-t', image], { cwd: project.dir });
  assert.equal(built.exitCode, 0, built.stderr);
});
after(async () => {
  await project.dispose(image);
  await assertNoLeftoverContainers();
});

async function startContainer(env: string[]): Promise<{ id: string; url: string }> {
  const args = ['run', '-d', '--rm', '-p', '127.0.0.1::5000'];
  for (const e of env) args.push('-e', e);
  const id = (await execa('docker', [...args, image])).stdout.trim();
  const port = (await execa('docker', ['port', id, '5000/tcp'])).stdout.split(':').at(-1);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/health-check`);
      if (((await response.json()) as { status: string }).status === 'READY') return { id, url };
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await execa('docker', ['rm', '-f', id], { reject: false });
  assert.fail('server did not become ready');
}

function predict(url: string, n: number) {
  return fetch(`${url}/predictions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ input: { n } }),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as { output?: number } }));
}

test('COG_QUEUE_SIZE=3: overload waits in order, past the bound 409; /metrics counts it', async () => {
  const { id, url } = await startContainer(['COG_QUEUE_SIZE=3', 'COG_QUEUE_TIMEOUT=30']);
  try {
    const first = predict(url, 0);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const rest = [1, 2, 3].map((n) => predict(url, n));
    await new Promise((resolve) => setTimeout(resolve, 150));
    const health = (await (await fetch(`${url}/health-check`)).json()) as {
      status: string;
      queue: { max: number; current: number };
    };
    assert.deepEqual([health.status, health.queue], ['BUSY', { max: 3, current: 3 }]);
    const refused = await predict(url, 4);
    assert.equal(refused.status, 409);
    const answers = await Promise.all([first, ...rest]);
    assert.deepEqual(
      answers.map((a) => [a.status, a.body.output]),
      [0, 1, 2, 3].map((n) => [200, n]),
    );
    const response = await fetch(`${url}/metrics`);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const metrics = parseScrape(await response.text());
    assert.equal(
      sampleValue(metrics, 'cog_predictions_total', { kind: 'prediction', status: 'succeeded' }),
      4,
    );
    assert.equal(histogramCount(metrics, 'cog_queue_wait_seconds'), 4);
    assert.equal(histogramCount(metrics, 'cog_predict_seconds'), 4);
    assert.equal(sampleValue(metrics, 'cog_setups_total', { status: 'succeeded' }), 1);
    assert.equal(sampleValue(metrics, 'cog_queue_depth'), 0);
    assert.equal(sampleValue(metrics, 'cog_queue_capacity'), 3);
    const worker = sampleValue(metrics, 'cog_process_resident_memory_bytes', { process: 'worker' });
    assert.ok(worker !== undefined && worker > 1_000_000, `worker RSS ${worker}`);
  } finally {
    await execa('docker', ['rm', '-f', id], { reject: false });
  }
});

test('default: no queue (409 at once) and COG_METRICS=0 turns /metrics off', async () => {
  const { id, url } = await startContainer(['COG_METRICS=0']);
  try {
    const first = predict(url, 0);
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal((await predict(url, 1)).status, 409);
    assert.equal((await first).status, 200);
    assert.equal((await fetch(`${url}/metrics`)).status, 404);
  } finally {
    await execa('docker', ['rm', '-f', id], { reject: false });
  }
});

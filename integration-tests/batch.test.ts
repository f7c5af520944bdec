// Batching on built images, a Python @cog.batch model and a TypeScript `static batch` model:
// the image's schema is per item, 16 concurrent requests are answered (each its own output)
// from fewer calls of run() than requests (cog_batch_size in /metrics, read with a Prometheus
// parser), and a bad item fails only its own request.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { histogramCount, parseScrape } from '../src/runtime/metrics/scrape.ts';
import { cog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers, imageLabels } from './lib/docker-checks.ts';
import { inlineProject, type TempProject } from './lib/project.ts';

const PYTHON = {
  'cog.yaml': 'build:\n  python_version: "3.11"\nrun: "run.py:Runner"\n',
  'run.py': [
    'import time',
    'import cog',
    'from cog import BaseRunner',
    '',
    'class Runner(BaseRunner):',
    '    @cog.batch(max_size=8, max_wait_ms=20)',
    '    def run(self, n: list[int]) -> list[int]:',
    '        time.sleep(0.02 + 0.001 * len(n))',
    '        return [ValueError("unlucky") if x == 13 else x * 2 for x in n]',
    '',
  ].join('\n'),
};

const TYPESCRIPT = {
  'cog.yaml': 'run: "run.ts:Runner"\n',
  'run.ts': [
    "import type { BatchOptions, Integer } from 'cog-sdk';",
    '',
    'interface Input {',
    '  n: Integer;',
    '}',
    '',
    'export class Runner {',
    '  static batch: BatchOptions = { maxSize: 8, maxWaitMs: 20 };',
    '',
    '  async run(inputs: Input[]): Promise<Array<Integer | Error>> {',
    '    await new Promise((resolve) => setTimeout(resolve, 20 + inputs.length));',
    "    return inputs.map(({ n }) => (n === 13 ? new Error('unlucky') : ((n * 2) as Integer)));",
    '  }',
    '}',
    '',
  ].join('\n'),
};

const projects: TempProject[] = [];
const images: string[] = [];

before(async () => {
  for (const [name, files] of [
    ['batch-py', PYTHON],
    ['batch-ts', TYPESCRIPT],
  ] as const) {
    const project = await inlineProject(name, files);
    projects.push(project);
    images.push(`${project.devImage}-release`);
  }
});
after(async () => {
  for (const [i, project] of projects.entries()) await project.dispose(images[i] ?? '');
  await assertNoLeftoverContainers();
});

async function checkBatching(project: TempProject, image: string): Promise<void> {
  const built = await cog(['build', '-t', image], { cwd: project.dir });
  assert.equal(built.exitCode, 0, built.stderr);
  const labels = await imageLabels(image);
  const schema = JSON.parse(labels['run.cog.openapi_schema'] ?? '{}') as {
    components?: { schemas?: { Input?: { properties?: { n?: { type?: string } } } } };
  };
  assert.equal(schema.components?.schemas?.Input?.properties?.n?.type, 'integer', 'per item');
  const run = await execa('docker', ['run', '-d', '--rm', '-p', '127.0.0.1::5000', image]);
  const id = run.stdout.trim();
  try {
    const port = (await execa('docker', ['port', id, '5000/tcp'])).stdout.split(':').at(-1);
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        const health = (await (await fetch(`${url}/health-check`)).json()) as { status: string };
        if (health.status === 'READY') break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) assert.fail('server did not become ready');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const inputs = [...Array.from({ length: 15 }, (_, i) => i + 1).filter((n) => n !== 13), 13, 20];
    const answers = await Promise.all(
      inputs.map(async (n) => {
        const response = await fetch(`${url}/predictions`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ input: { n } }),
        });
        return (await response.json()) as { status: string; output?: number; error?: string };
      }),
    );
    for (const [i, n] of inputs.entries()) {
      const answer = answers[i];
      if (n === 13) assert.deepEqual([answer?.status, answer?.error], ['failed', 'unlucky']);
      else assert.deepEqual([answer?.status, answer?.output], ['succeeded', n * 2]);
    }
    const metrics = parseScrape(await (await fetch(`${url}/metrics`)).text());
    const calls = histogramCount(metrics, 'cog_batch_size');
    assert.ok(calls >= 2 && calls < inputs.length, `${calls} calls for ${inputs.length} requests`);
  } finally {
    await execa('docker', ['rm', '-f', id], { reject: false });
  }
}

test('Python @cog.batch on a built image', async () => {
  await checkBatching(projects[0] as TempProject, images[0] as string);
});

test('TypeScript static batch on a built image', async () => {
  await checkBatching(projects[1] as TempProject, images[1] as string);
});

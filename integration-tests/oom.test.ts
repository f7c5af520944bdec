// Out of memory, on the real engine and its memory cgroup (v1 or v2): a worker the OOM killer
// ends fails its prediction with "out of memory" (the server compares the cgroup's oom_kill
// counter, src/runtime/worker/oom-kills.ts), and the CLI's OOM watch sees the engine's `oom`
// event for a container whose process was killed (src/image/container-oom.ts). `cog run` has
// no memory flag, so the limit is set with `docker run --memory` on a built image.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { connectDocker } from '../src/image/docker-client.ts';
import { watchOom } from '../src/image/container-oom.ts';
import { cog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import { inlineProject, type TempProject } from './lib/project.ts';

const LIMIT = '256m';
let project: TempProject;
let image: string;

before(async () => {
  project = await inlineProject('oom', {
    'cog.yaml': 'build:\n  python_version: "3.11"\nrun: "run.py:Runner"\n',
    'run.py': [
      'from cog import BaseRunner',
      '',
      'class Runner(BaseRunner):',
      '    def run(self, mb: int) -> int:',
      '        # bytearray() zero-fills, so every page is touched and counted.',
      '        blocks = [bytearray(1 << 20) for _ in range(mb)]',
      '        return len(blocks)',
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

async function waitReady(baseUrl: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseUrl}/health-check`);
      if (((await response.json()) as { status: string }).status === 'READY') return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.fail('server did not become ready');
}

async function predict(baseUrl: string, mb: number): Promise<{ status: string; error?: string }> {
  const response = await fetch(`${baseUrl}/predictions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ input: { mb } }),
  });
  return (await response.json()) as { status: string; error?: string };
}

test('a worker killed by the OOM killer fails the prediction with "out of memory"', async () => {
  const run = await execa('docker', [
    'run',
    '-d',
    '--rm',
    `--memory=${LIMIT}`,
    `--memory-swap=${LIMIT}`,
    '-p',
    '127.0.0.1::5000',
    image,
  ]);
  const id = run.stdout.trim();
  try {
    const port = (await execa('docker', ['port', id, '5000/tcp'])).stdout.split(':').at(-1);
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitReady(baseUrl);
    const small = await predict(baseUrl, 16);
    assert.equal(small.status, 'succeeded', 'well under the limit works');
    const big = await predict(baseUrl, 1024);
    assert.equal(big.status, 'failed');
    assert.equal(
      big.error,
      'Worker crashed (out of memory: killed by the OOM killer, signal SIGKILL)',
    );
    const logs = await execa('docker', ['logs', id]);
    assert.match(logs.stderr + logs.stdout, /the Python worker exited \(out of memory/);
  } finally {
    await execa('docker', ['rm', '-f', id], { reject: false });
  }
});

test("the CLI's OOM watch sees the engine's oom event, and only then", async () => {
  const client = await connectDocker();
  const make = async (mb: number): Promise<boolean> => {
    const id = (
      await execa('docker', [
        'create',
        `--memory=${LIMIT}`,
        `--memory-swap=${LIMIT}`,
        image,
        'python',
        '-c',
        `x = [bytearray(1 << 20) for _ in range(${mb})]`,
      ])
    ).stdout.trim();
    const container = client.api.getContainer(id);
    try {
      const watch = await watchOom(client, container);
      await container.start();
      await container.wait();
      // Removed first, as auto-removal does: the event is what is left to tell.
      await container.remove({ force: true });
      const killed = await watch.killed();
      watch.stop();
      return killed;
    } finally {
      await execa('docker', ['rm', '-f', id], { reject: false });
    }
  };
  assert.equal(await make(1024), true, 'allocating past the limit');
  assert.equal(await make(16), false, 'well under the limit');
});

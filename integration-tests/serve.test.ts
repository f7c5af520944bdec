// `cog serve` (examples/hello-world): the server answers HTTP on the chosen port; SIGINT and
// SIGTERM stop it cleanly (exit 0) and remove the container.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { spawnCog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import { copyExample, type TempProject } from './lib/project.ts';

let project: TempProject;

before(async () => {
  project = await copyExample('hello-world');
});
after(async () => {
  await project.dispose();
  await assertNoLeftoverContainers();
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitReady(port: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health-check`);
      if (((await response.json()) as { status: string }).status === 'READY') return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.fail('server did not become ready');
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`serve answers predictions and stops on ${signal}`, async () => {
    const port = await freePort();
    const child = spawnCog(['serve', '-p', String(port)], { cwd: project.dir });
    try {
      await waitReady(port);
      const response = await fetch(`http://127.0.0.1:${port}/predictions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ input: { text: 'serve' } }),
      });
      const body = (await response.json()) as { status: string; output: string };
      assert.deepEqual([body.status, body.output], ['succeeded', 'hello serve']);
    } finally {
      child.kill(signal);
    }
    const result = await child;
    assert.equal(result.exitCode, 0, String(result.stderr));
    assert.match(String(result.stderr), new RegExp(`Serving at http://localhost:${port}`));
    await assertNoLeftoverContainers();
  });
}

// `cog serve` (examples/hello-world, examples/files): the server answers HTTP on the chosen
// port; SIGINT and SIGTERM stop it cleanly (exit 0) and remove the container; with
// --upload-url, file outputs are uploaded to a host server through host.docker.internal.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { spawnCog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import http from 'node:http';
import { execa } from 'execa';
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

test('--upload-url sends file outputs to a server on the host', async () => {
  const files = await copyExample('files');
  const gateway = String(
    (
      await execa('docker', [
        'network',
        'inspect',
        'bridge',
        '--format',
        '{{(index .IPAM.Config 0).Gateway}}',
      ])
    ).stdout,
  ).trim();
  const uploads: Array<{ method: string; url: string; body: string }> = [];
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      uploads.push({ method: req.method ?? '', url: req.url ?? '', body });
      res.statusCode = 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, gateway, resolve));
  const receiverPort = (receiver.address() as net.AddressInfo).port;
  const port = await freePort();
  const child = spawnCog(
    [
      'serve',
      '-p',
      String(port),
      '--upload-url',
      `http://host.docker.internal:${receiverPort}/upload/`,
    ],
    { cwd: files.dir },
  );
  try {
    await waitReady(port);
    const response = await fetch(`http://127.0.0.1:${port}/predictions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        input: { file: `data:text/plain;base64,${Buffer.from('up\n').toString('base64')}` },
      }),
    });
    const body = (await response.json()) as { status: string; output: string };
    assert.equal(body.status, 'succeeded', JSON.stringify(body));
    assert.match(body.output, new RegExp(`^http://host.docker.internal:${receiverPort}/upload/`));
    assert.equal(uploads.length, 1);
    assert.equal(uploads[0]?.method, 'PUT');
    assert.match(uploads[0]?.body ?? '', /UP/);
  } finally {
    child.kill('SIGINT');
    await child;
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    await files.dispose();
  }
  await assertNoLeftoverContainers();
});

test('--playground: the UI proxies to the served model and relays its webhooks', async () => {
  const port = await freePort();
  const playgroundPort = await freePort();
  const child = spawnCog(
    ['serve', '-p', String(port), '--playground', '--playground-port', String(playgroundPort)],
    { cwd: project.dir },
  );
  const ui = `http://127.0.0.1:${playgroundPort}`;
  try {
    await waitReady(port);
    const config = (await (await fetch(`${ui}/config`)).json()) as Record<string, string>;
    assert.equal(config['target'], `http://127.0.0.1:${port}`);
    assert.equal(config['webhookBase'], `http://host.docker.internal:${playgroundPort}`);
    const target = { 'x-cog-target': config['target'] ?? '' };

    const sync = await fetch(`${ui}/proxy/predictions`, {
      method: 'POST',
      headers: { ...target, 'content-type': 'application/json' },
      body: JSON.stringify({ input: { text: 'playground' } }),
    });
    assert.equal(((await sync.json()) as { output: string }).output, 'hello playground');

    // Async: the container calls the playground's webhook through host.docker.internal.
    const token = `t${process.pid}`;
    const events = await fetch(`${ui}/events?token=${token}`);
    const reader = events.body!.getReader();
    await fetch(`${ui}/proxy/predictions`, {
      method: 'POST',
      headers: { ...target, 'content-type': 'application/json', prefer: 'respond-async' },
      body: JSON.stringify({
        input: { text: 'hook' },
        webhook: `${config['webhookBase']}/webhook/${token}`,
        webhook_events_filter: ['completed'],
      }),
    });
    let seen = '';
    const deadline = Date.now() + 60_000;
    while (!/"status":\s*"succeeded"/.test(seen) && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += Buffer.from(value).toString();
    }
    await reader.cancel();
    assert.match(seen, /^data: .*"output":\s*"hello hook"/m);
  } finally {
    child.kill('SIGINT');
  }
  const result = await child;
  assert.equal(result.exitCode, 0, String(result.stderr));
  assert.match(
    String(result.stderr),
    new RegExp(`Playground at http://127.0.0.1:${playgroundPort}/`),
  );
  // It stopped with the container.
  await assert.rejects(fetch(`${ui}/config`));
  await assertNoLeftoverContainers();
});

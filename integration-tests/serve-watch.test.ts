// `cog serve --watch` end to end: a saved predictor is answering with the new code without a
// rebuild (the runtime in the container watches the mounted /src); a cog.yaml comment needs no
// rebuild; a cog.yaml change that does is said and rebuilt, and the server answers again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { spawnCog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import { inlineProject, type TempProject } from './lib/project.ts';

const cogYaml = (greeting: string, comment = '') =>
  `${comment}build:\n  python_version: "3.11"\nenvironment:\n  - GREETING=${greeting}\nrun: "run.py:Runner"\n`;
const runner = (version: string) =>
  [
    'import os',
    'from cog import BaseRunner',
    '',
    'class Runner(BaseRunner):',
    '    def run(self) -> str:',
    `        return os.environ["GREETING"] + " ${version}"`,
    '',
  ].join('\n');

let project: TempProject;

before(async () => {
  project = await inlineProject('watch', { 'cog.yaml': cogYaml('hello'), 'run.py': runner('v1') });
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

/** Polls until a prediction answers `want`; returns how long that took. */
async function answers(port: number, want: string, timeoutMs = 180_000): Promise<number> {
  const started = Date.now();
  let last = '';
  while (Date.now() - started < timeoutMs) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/predictions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ input: {} }),
      });
      const body = (await response.json()) as { output?: string };
      last = `${response.status} ${JSON.stringify(body)}`;
      if (body.output === want) return Date.now() - started;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`no answer "${want}" (last: ${last})`);
}

async function logged(text: () => string, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!pattern.test(text())) {
    if (Date.now() > deadline) assert.fail(`no ${pattern} in:\n${text()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('serve --watch: a save reloads without a rebuild; a cog.yaml change rebuilds', async () => {
  const port = await freePort();
  const child = spawnCog(['serve', '--watch', '-p', String(port)], { cwd: project.dir });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await answers(port, 'hello v1');
    await writeFile(path.join(project.dir, 'run.py'), runner('v2'));
    const reloadMs = await answers(port, 'hello v2', 30_000);
    // The log line travels through docker's attach stream, maybe behind the HTTP answer.
    await logged(() => stderr, /run\.py changed: reloading the predictor[\s\S]*reloaded in \d+ ms/);
    assert.doesNotMatch(stderr, /DEFUNCT|exited/);
    assert.doesNotMatch(stderr, /Building Docker image[\s\S]*Building Docker image/, 'no rebuild');
    process.stderr.write(`# file saved → new code answering: ${reloadMs} ms (through Docker)\n`);

    await writeFile(path.join(project.dir, 'cog.yaml'), cogYaml('hello', '# a comment\n'));
    await logged(() => stderr, /cog\.yaml changed, but not in a way that needs a rebuild/);
    await writeFile(path.join(project.dir, 'cog.yaml'), cogYaml('bonjour'));
    await answers(port, 'bonjour v2');
    assert.match(stderr, /cog\.yaml changed: it needs a rebuild; rebuilding\.\.\./);
  } finally {
    child.kill('SIGINT');
  }
  const result = await child;
  assert.equal(result.exitCode, 0, stderr);
  await assertNoLeftoverContainers();
});

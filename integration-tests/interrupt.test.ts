// Ctrl-C, SIGTERM and a closed terminal (SIGHUP) while `cog run` waits for setup() or for a
// prediction, and a setup that outlives --setup-timeout: the command ends (130 / 143 / 129 / 1)
// and its container is gone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { cog, spawnCog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import { inlineProject, type TempProject } from './lib/project.ts';

let project: TempProject;

before(async () => {
  project = await inlineProject('interrupt', {
    'cog.yaml': 'build:\n  python_version: "3.11"\nrun: "run.py:Runner"\n',
    'run.py': [
      'import os, time',
      'from cog import BaseRunner',
      '',
      'class Runner(BaseRunner):',
      '    def setup(self) -> None:',
      '        print("setup started", flush=True)',
      '        time.sleep(float(os.environ.get("SETUP_SLEEP", "0")))',
      '',
      '    def run(self, seconds: float) -> str:',
      '        print("prediction started", flush=True)',
      '        time.sleep(seconds)',
      '        return "done"',
      '',
    ].join('\n'),
  });
});
after(async () => {
  await project.dispose();
  await assertNoLeftoverContainers();
});

async function ourContainers(): Promise<string[]> {
  const result = await execa('docker', ['ps', '-a', '-q', '--filter', 'label=run.cog.cli']);
  return String(result.stdout)
    .split('\n')
    .filter((l) => l !== '');
}

/** stderr of the last interrupted run. */
let lastStderr = '';

async function interruptWhen(
  marker: RegExp,
  args: string[],
  env: Record<string, string>,
  signal: NodeJS.Signals,
): Promise<number | undefined> {
  const child = spawnCog(args, { cwd: project.dir, env });
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`never saw ${String(marker)}:\n${seen}`)),
      180_000,
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (marker.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  assert.ok((await ourContainers()).length > 0, 'a container is running before the signal');
  child.kill(signal);
  const result = await child;
  lastStderr = String(result.stderr);
  return result.exitCode;
}

test('Ctrl-C during setup removes the container', async () => {
  const code = await interruptWhen(
    /setup started/,
    ['run', '-i', 'seconds=0', '-e', 'SETUP_SLEEP=120'],
    {},
    'SIGINT',
  );
  assert.equal(code, 130);
  assert.match(lastStderr, /\nCancelled \(SIGINT\)\.\n/);
  await assertNoLeftoverContainers();
});

test('SIGTERM during a prediction removes the container', async () => {
  const code = await interruptWhen(
    /prediction started/,
    ['run', '-i', 'seconds=120'],
    {},
    'SIGTERM',
  );
  assert.equal(code, 143);
  await assertNoLeftoverContainers();
});

test('a closed terminal (SIGHUP) during a prediction removes the container', async () => {
  const code = await interruptWhen(
    /prediction started/,
    ['run', '-i', 'seconds=120'],
    {},
    'SIGHUP',
  );
  assert.equal(code, 129);
  await assertNoLeftoverContainers();
});

test('--setup-timeout ends a slow setup', async () => {
  const result = await cog(
    ['run', '--setup-timeout', '2', '-i', 'seconds=0', '-e', 'SETUP_SLEEP=60'],
    { cwd: project.dir },
  );
  assert.equal(result.exitCode, 1);
  assert.match(result.stderr, /Timed out/);
  await assertNoLeftoverContainers();
});

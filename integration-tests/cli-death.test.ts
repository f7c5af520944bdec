// A CLI that dies without running its cleanups (SIGKILL: the OOM killer does the same) must not
// leak its container: the lifeline stops it within seconds (src/image/container-lifeline.ts),
// and the next invocation's reaper removes what the lifeline could not reach
// (src/image/orphan-reaper.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { cog, cogBin, spawnCog } from './lib/cog-cli.ts';
import {
  assertNoLeftoverContainers,
  ourContainers,
  waitForNoLeftoverContainers,
} from './lib/docker-checks.ts';
import { inlineProject, type TempProject } from './lib/project.ts';
import { LIFELINE_ATTACH_TIMEOUT_MS } from '../src/image/container-lifeline.ts';

/** The lifeline's grace (3 s) plus auto-removal, with room for a loaded machine. */
const GONE_WITHIN_MS = 30_000;

let project: TempProject;

before(async () => {
  project = await inlineProject('cli-death', {
    'cog.yaml': 'build:\n  python_version: "3.11"\nrun: "run.py:Runner"\ntrain: "train.py:train"\n',
    'train.py': [
      'import time',
      '',
      'def train(seconds: float) -> str:',
      '    print("training started", flush=True)',
      '    time.sleep(seconds)',
      '    return "done"',
      '',
    ].join('\n'),
    'run.py': [
      'import time',
      'from cog import BaseRunner',
      '',
      'class Runner(BaseRunner):',
      '    def setup(self) -> None:',
      '        print("setup done", flush=True)',
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

/**
 * Starts the command, SIGKILLs it once `marker` shows on stderr (and `holdMs` later), returns
 * ms until no container is left.
 */
async function killWhen(marker: RegExp, args: string[], holdMs = 0): Promise<number> {
  const child = spawnCog(args, { cwd: project.dir });
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`never saw ${String(marker)}:\n${seen}`)),
      300_000,
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (marker.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await new Promise((resolve) => setTimeout(resolve, holdMs));
  assert.ok((await ourContainers()).length > 0, 'a container is running before the kill');
  assert.equal(child.exitCode, null, 'the CLI is still running before the kill');
  child.kill('SIGKILL');
  const result = await child;
  assert.equal(result.signal, 'SIGKILL');
  const ms = await waitForNoLeftoverContainers(GONE_WITHIN_MS);
  process.stderr.write(`# ${args[0]}: no container left ${ms} ms after SIGKILL\n`);
  return ms;
}

test('SIGKILL of `cog run` during a prediction: the container goes away', async () => {
  await killWhen(/prediction started/, ['run', '-i', 'seconds=600']);
});

test('SIGKILL of `cog train` during a training: the container goes away', async () => {
  await killWhen(/training started/, ['train', '-i', 'seconds=600']);
});

test('SIGKILL of `cog serve`: the container goes away', async () => {
  await killWhen(/setup done/, ['serve', '-p', '0']);
});

test('SIGKILL of `cog exec` running a command that never reads stdin', async () => {
  // Held past the lifeline's attach timeout: the held connection is not cut by it.
  await killWhen(
    /^started$/m,
    ['exec', 'sh', '-c', 'sleep 1; echo started >&2; sleep 600'],
    LIFELINE_ATTACH_TIMEOUT_MS + 2_000,
  );
});

test('SIGKILL of `cog exec bash` on a terminal (an interactive shell)', async (t) => {
  const hasScript = await execa('script', ['--version'], { reject: false });
  if (hasScript.exitCode !== 0) return t.skip('util-linux `script` is not installed');
  // `exec` makes the CLI the direct child of script, so its pid can be found by parent.
  const command = `exec ${process.execPath} ${cogBin} exec bash -i`;
  const terminal = execa('script', ['-qec', command, '/dev/null'], {
    cwd: project.dir,
    env: { NO_COLOR: '1', COG_NO_UPDATE_CHECK: '1', BUILDKIT_PROGRESS: 'quiet' },
    stdin: 'pipe',
    reject: false,
    timeout: 300_000,
  });
  let seen = '';
  terminal.stdout?.on('data', (chunk: Buffer) => (seen += chunk.toString()));
  const deadline = Date.now() + 240_000;
  while (!/marker-42/.test(seen)) {
    assert.ok(Date.now() < deadline, `the shell never answered:\n${seen}`);
    terminal.stdin?.write('echo marker-$((40 + 2))\n');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  const children = await execa('ps', ['-o', 'pid=', '--ppid', String(terminal.pid)]);
  const cli = Number(String(children.stdout).trim().split('\n')[0]);
  assert.ok(Number.isInteger(cli) && cli > 0, `the CLI under script: ${children.stdout}`);
  assert.ok((await ourContainers()).length > 0, 'the shell runs in a container');
  process.kill(cli, 'SIGKILL');
  terminal.stdin?.end();
  await terminal;
  const ms = await waitForNoLeftoverContainers(GONE_WITHIN_MS);
  process.stderr.write(`# exec bash on a terminal: no container left ${ms} ms after SIGKILL\n`);
});

test('the reaper removes containers of dead CLIs on this host, and only those', async () => {
  const hostname = (await execa('hostname')).stdout.trim();
  const bootId = (await execa('cat', ['/proc/sys/kernel/random/boot_id'])).stdout.trim();
  const pidNamespace = (await execa('readlink', ['/proc/self/ns/pid'])).stdout.trim();
  const dead = execa('true');
  await dead;
  const create = (pid: number): Promise<string> =>
    execa('docker', [
      'create',
      '--label',
      'run.cog.cli=true',
      '--label',
      `run.cog.cli.pid=${pid}`,
      '--label',
      `run.cog.cli.host=${hostname}`,
      '--label',
      `run.cog.cli.boot-id=${bootId}`,
      '--label',
      `run.cog.cli.pid-ns=${pidNamespace}`,
      'python:3.11-slim',
      'sleep',
      '600',
    ]).then((r) => r.stdout.trim());
  const orphan = await create(dead.pid ?? 999_999);
  const alive = await create(process.pid);
  try {
    const result = await cog(['exec', 'true'], { cwd: project.dir });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.deepEqual(await ourContainers(), [alive.slice(0, 12)], 'orphan reaped, live one kept');
  } finally {
    await execa('docker', ['rm', '-f', orphan, alive], { reject: false });
  }
});

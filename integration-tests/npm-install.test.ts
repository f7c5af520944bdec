// The user's install path, as the README gives it: `npm pack` makes a tarball that
// `npm install -g` installs into a scratch prefix, and the installed `cog` works from a
// directory outside the repository (no Docker needed: --version, init, debug).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { repoRoot } from './lib/cog-cli.ts';

const scratch = await mkdtemp(path.join(os.tmpdir(), 'cog-it-npm-install-'));
const prefix = path.join(scratch, 'prefix');
const project = path.join(scratch, 'my-model');
// Only Node itself (the running one, >= 22) and the system tools on PATH: no repo, no
// node_modules/.bin. The rest of the environment stays (npm's registry and CA settings), minus
// anything that points cog at the repository.
const env: Record<string, string | undefined> = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('COG_'))),
  PATH: [path.join(prefix, 'bin'), path.dirname(process.execPath), '/usr/bin', '/bin'].join(':'),
  NO_COLOR: '1',
  COG_NO_UPDATE_CHECK: '1',
};

function run(file: string, args: readonly string[], cwd: string) {
  return execa(file, args, { cwd, env, extendEnv: false, reject: false, timeout: 300_000 });
}

before(async () => {
  await mkdir(project, { recursive: true });
  const packed = await execa(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch],
    { cwd: repoRoot, timeout: 120_000 },
  );
  const [info] = JSON.parse(String(packed.stdout)) as Array<{ filename: string }>;
  assert.ok(info, 'npm pack printed no file');
  assert.match(info.filename, /^cog-ts-\d+\.\d+\.\d+.*\.tgz$/);
  const installed = await run(
    'npm',
    [
      'install',
      '-g',
      '--prefix',
      prefix,
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      path.join(scratch, info.filename),
    ],
    scratch,
  );
  assert.equal(installed.exitCode, 0, String(installed.stderr));
});

after(async () => {
  await rm(scratch, { recursive: true, force: true });
});

test('the installed cog prints its version', async () => {
  assert.ok(existsSync(path.join(prefix, 'bin', 'cog')), 'npm install -g put no cog on PATH');
  const result = await run('cog', ['--version'], project);
  assert.equal(result.exitCode, 0, String(result.stderr));
  assert.match(String(result.stdout), /^cog version \d+\.\d+\.\d+/);
});

test('the installed cog runs init and debug outside the repository', async () => {
  const init = await run('cog', ['init'], project);
  assert.equal(init.exitCode, 0, String(init.stderr));
  assert.ok(existsSync(path.join(project, 'cog.yaml')));
  const debug = await run('cog', ['debug'], project);
  assert.equal(debug.exitCode, 0, String(debug.stderr));
  assert.match(String(debug.stdout), /^FROM /m);
  assert.match(String(debug.stdout), /cog-\d+\.\d+\.\d+-py3-none-any\.whl/);
});

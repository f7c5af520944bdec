// `cog login` against a real registry with auth: Debian's `docker-registry` (distribution) with
// an htpasswd file (`htpasswd` from apache2-utils), started by this test on 127.0.0.1 only and
// stopped at the end. Login checks the password with the registry, stores it in the Docker
// config, and the daemon then pushes with it; without it, the push is refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { cog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import { copyExample, type TempProject } from './lib/project.ts';

const host = process.env.COG_TEST_AUTH_REGISTRY ?? '127.0.0.1:5101';
const USER = 'cog-it';
const PASSWORD = `pw-${process.pid}-secret`;
const target = `${host}/cog-it/login-${process.pid}:v1`;
let dir: string;
let registry: ResultPromise | undefined;
let project: TempProject | undefined;
let skip: string | false = false;

function onPath(program: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function answers(): Promise<number | undefined> {
  return fetch(`http://${host}/v2/`).then(
    (r) => r.status,
    () => undefined,
  );
}

before(async () => {
  if (!onPath('htpasswd') || !onPath('docker-registry')) {
    skip = 'needs htpasswd (apache2-utils) and docker-registry';
    return;
  }
  if ((await answers()) !== undefined) {
    skip = `something already listens on ${host}`;
    return;
  }
  dir = await mkdtemp(path.join(os.tmpdir(), 'cog-it-login-'));
  const hashed = execFileSync('htpasswd', ['-nbB', USER, PASSWORD], { encoding: 'utf8' });
  await writeFile(path.join(dir, 'htpasswd'), hashed);
  await writeFile(
    path.join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log:',
      '  level: warn',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${dir}/data`,
      'http:',
      `  addr: ${host}`,
      'auth:',
      '  htpasswd:',
      '    realm: cog-it',
      `    path: ${dir}/htpasswd`,
      '',
    ].join('\n'),
  );
  registry = execa('docker-registry', ['serve', path.join(dir, 'config.yml')], {
    reject: false,
    stdio: 'ignore',
  });
  for (let i = 0; i < 50 && (await answers()) !== 401; i++)
    await new Promise((r) => setTimeout(r, 200));
  assert.equal(await answers(), 401, 'the htpasswd registry did not come up');
  project = await copyExample('hello-world');
});

after(async () => {
  registry?.kill('SIGTERM');
  await registry;
  await project?.dispose(target);
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  await assertNoLeftoverContainers();
});

const envWith = (dockerConfig: string) => ({ DOCKER_CONFIG: path.join(dir, dockerConfig) });

test('a wrong password is refused by the registry and nothing is stored', async (t) => {
  if (skip) return t.skip(skip);
  const result = await cog(['login', '--registry', host, '-u', USER, '--password-stdin'], {
    cwd: dir,
    env: envWith('wrong'),
    input: 'not-it\n',
  });
  assert.equal(result.exitCode, 1);
  assert.match(result.stderr, /unauthorized: incorrect username or password/);
  assert.doesNotMatch(result.stdout + result.stderr, /not-it/);
  assert.equal(existsSync(path.join(dir, 'wrong', 'config.json')), false);
});

test('without a login the push is refused; after cog login it goes through', async (t) => {
  if (skip || project === undefined) return t.skip(skip || 'no project');
  const refused = await cog(['push', target], { cwd: project.dir, env: envWith('none') });
  assert.equal(refused.exitCode, 1, refused.stderr);
  assert.match(refused.stderr, /authorization failed|unauthorized|no basic auth credentials/i);

  const login = await cog(['login', '--registry', host, '-u', USER, '--password-stdin'], {
    cwd: dir,
    env: envWith('good'),
    input: `${PASSWORD}\n`,
  });
  assert.equal(login.exitCode, 0, login.stderr);
  assert.match(login.stderr, new RegExp(`Login succeeded for ${host.replaceAll('.', '\\.')}`));
  assert.doesNotMatch(login.stdout + login.stderr, new RegExp(PASSWORD));
  const config = JSON.parse(readFileSync(path.join(dir, 'good', 'config.json'), 'utf8')) as {
    auths: Record<string, { auth: string }>;
  };
  assert.equal(
    Buffer.from(config.auths[host]?.auth ?? '', 'base64').toString(),
    `${USER}:${PASSWORD}`,
  );

  const pushed = await cog(['push', target], { cwd: project.dir, env: envWith('good') });
  assert.equal(pushed.exitCode, 0, pushed.stderr);
  assert.match(pushed.stderr, / {2}image {2}.*@sha256:[0-9a-f]{64}/);
});

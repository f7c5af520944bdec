// `cog login` end to end in-process, against a registry with Basic auth on 127.0.0.1.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runCaptured } from '../cli-test-harness.ts';

const PASSWORD = 'pw-Very-Secret-1';
const expected = `Basic ${Buffer.from(`me:${PASSWORD}`).toString('base64')}`;
const root = mkdtempSync(path.join(os.tmpdir(), 'cog-login-'));
let server: Server;
let host = '';
let n = 0;

before(async () => {
  server = createServer((req, res) => {
    if (req.headers.authorization === expected) res.writeHead(200).end('{}');
    else res.writeHead(401, { 'www-authenticate': 'Basic realm="t"' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.close();
  rmSync(root, { recursive: true, force: true });
});

function login(args: string[], stdin: string) {
  const dockerConfig = path.join(root, `c${n++}`);
  const run = runCaptured(['login', '--registry', host, ...args], {
    cwd: root,
    env: { PATH: process.env['PATH'], DOCKER_CONFIG: dockerConfig, NO_COLOR: '1' },
    stdin,
  });
  return { run, configFile: path.join(dockerConfig, 'config.json') };
}

test('--username and --password-stdin: checked, stored as auths[host], secret never printed', async () => {
  const { run, configFile } = login(['-u', 'me', '--password-stdin'], `${PASSWORD}\n`);
  const { code, stdout, stderr } = await run;
  assert.equal(code, 0, stderr);
  assert.equal(stderr, `Logging in to ${host}\n\nLogin succeeded for ${host}\n`);
  assert.equal(stdout, '');
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as {
    auths: Record<string, { auth: string }>;
  };
  assert.deepEqual(config.auths[host], {
    auth: Buffer.from(`me:${PASSWORD}`).toString('base64'),
  });
});

test('prompts: Username and Password on stdout, answers read line by line from stdin', async () => {
  const { run, configFile } = login([], `me\n${PASSWORD}\n`);
  const { code, stdout, stderr } = await run;
  assert.equal(code, 0, stderr);
  assert.equal(stdout, 'Username: Password: \n');
  assert.doesNotMatch(stdout + stderr, new RegExp(PASSWORD));
  assert.ok(existsSync(configFile));
});

test('a wrong password fails, stores nothing and is not printed', async () => {
  const { run, configFile } = login(['-u', 'me', '--password-stdin'], 'not-the-password\n');
  const { code, stdout, stderr } = await run;
  assert.equal(code, 1);
  assert.match(stderr, /login to .* failed: unauthorized: incorrect username or password/);
  assert.doesNotMatch(stdout + stderr, /not-the-password/);
  assert.equal(existsSync(configFile), false);
});

test('usage errors: empty answers, --password-stdin without --username, r8.im', async () => {
  const empty = await login([], '\n').run;
  assert.equal(empty.code, 1);
  assert.match(empty.stderr, /username cannot be empty/);
  const noPassword = await login(['-u', 'me'], '').run;
  assert.equal(noPassword.code, 1);
  assert.match(noPassword.stderr, /password cannot be empty/);
  const noUser = await login(['--password-stdin'], 'x\n').run;
  assert.equal(noUser.code, 1);
  assert.match(noUser.stderr, /^Must provide --username with --password-stdin/);
  const replicate = await runCaptured(['login'], {
    cwd: root,
    env: { PATH: process.env['PATH'], DOCKER_CONFIG: path.join(root, 'r8'), NO_COLOR: '1' },
  });
  assert.equal(replicate.code, 1);
  assert.match(replicate.stderr, /r8\.im\) is not implemented yet/);
});

test('a config.json it cannot parse is refused before the prompt and left byte-identical', async () => {
  const corrupt = '{"auths": {"other.io": {"auth": "b3RoZXI6eA=="}},, "credsStore": \n';
  for (const contents of [corrupt, '["not", "an", "object"]', '{"auths": "x"}']) {
    const { run, configFile } = login([], `me\n${PASSWORD}\n`);
    mkdirSync(path.dirname(configFile), { recursive: true });
    writeFileSync(configFile, contents);
    const { code, stdout, stderr } = await run;
    assert.equal(code, 1, contents);
    assert.equal(stdout, '', 'no prompt was shown');
    assert.match(stderr, new RegExp(`cannot update the Docker config ${escape(configFile)}: `));
    assert.match(stderr, new RegExp(`Fix or move ${escape(configFile)} and log in again`));
    assert.equal(readFileSync(configFile, 'utf8'), contents, 'byte-identical');
    assert.deepEqual(readdirSync(path.dirname(configFile)), ['config.json'], 'no temp file');
  }
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

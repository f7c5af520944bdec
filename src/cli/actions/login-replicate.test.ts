// `cog login` with Replicate's token flow in-process, against a token service of the test on
// 127.0.0.1 that plays r8.im's `/cog/v1/display-token-url` and `/cog/v1/verify-token`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runCaptured } from '../cli-test-harness.ts';
import { fetchDisplayTokenUrl, verifyToken } from '../../image/replicate-login.ts';

const TOKEN = 'cli-Token-123-very-secret';
const root = mkdtempSync(path.join(os.tmpdir(), 'cog-login-r8-'));
const verified: string[] = [];
let elsewhereHits = 0;
let server: Server;
let elsewhere: Server;
let host = '';
let redirecting = false;
let n = 0;

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let all = '';
    req.on('data', (c: Buffer) => (all += c.toString()));
    req.on('end', () => resolve(all));
  });
}

before(async () => {
  elsewhere = createServer((_req, res) => {
    elsewhereHits++;
    res.writeHead(200).end('{"username":"thief"}');
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  const elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
  server = createServer((req, res) => {
    void (async () => {
      if (req.method === 'GET' && req.url === '/cog/v1/display-token-url') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ url: 'https://replicate.example/auth/token' }));
        return;
      }
      if (req.method === 'POST' && req.url === '/cog/v1/verify-token') {
        const form = new URLSearchParams(await body(req));
        verified.push(`${req.headers['content-type']} ${form.get('token')}`);
        if (redirecting) {
          res.writeHead(307, { location: `${elsewhereUrl}/cog/v1/verify-token` }).end();
          return;
        }
        if (form.get('token') === TOKEN) res.writeHead(200).end('{"username":"alice","x":1}');
        else if (form.get('token') === 'gone') res.writeHead(404).end();
        else res.writeHead(401).end();
        return;
      }
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.close();
  elsewhere.close();
  rmSync(root, { recursive: true, force: true });
});

function login(args: string[], stdin: string) {
  const dockerConfig = path.join(root, `c${n++}`);
  const run = runCaptured(['login', '--registry', host, ...args], {
    cwd: root,
    env: { PATH: '/nonexistent', DOCKER_CONFIG: dockerConfig, NO_COLOR: '1' },
    stdin,
  });
  return { run, configFile: path.join(dockerConfig, 'config.json') };
}

function storedAuth(configFile: string): Record<string, { auth: string }> {
  return (
    JSON.parse(readFileSync(configFile, 'utf8')) as { auths: Record<string, { auth: string }> }
  ).auths;
}

test('--token-stdin: verified as a form post, stored as auths[host] = user:token', async () => {
  verified.length = 0;
  const { run, configFile } = login(['--token-stdin'], `  ${TOKEN}\n`);
  const { code, stdout, stderr } = await run;
  assert.equal(code, 0, stderr);
  assert.equal(
    stderr,
    `You've successfully authenticated as alice! You can now use the ${host} registry.\n`,
  );
  assert.equal(stdout, '');
  assert.deepEqual(verified, [`application/x-www-form-urlencoded ${TOKEN}`]);
  assert.deepEqual(storedAuth(configFile), {
    [host]: { auth: Buffer.from(`alice:${TOKEN}`).toString('base64') },
  });
});

test('interactive: Enter, the token page URL, a Token: prompt on stdout, the token not echoed', async () => {
  const { run, configFile } = login([], `\n${TOKEN}\n`);
  const { code, stdout, stderr } = await run;
  assert.equal(code, 0, stderr);
  assert.equal(stdout, 'Token: \n');
  assert.equal(
    stderr,
    [
      `This command will authenticate Docker with Replicate's '${host}' Docker registry. You will need a Replicate account.`,
      '',
      'Hit enter to get started. A browser will open with an authentication token that you need to paste here.',
      "If it didn't open automatically, open this URL in a web browser:",
      'https://replicate.example/auth/token',
      '',
      "Once you've signed in, copy the token from that web page, paste it here, then hit enter:",
      '',
      '',
      `You've successfully authenticated as alice! You can now use the ${host} registry.`,
      '',
    ].join('\n'),
  );
  assert.doesNotMatch(stdout + stderr, new RegExp(TOKEN));
  assert.ok(existsSync(configFile));
});

test('refused tokens: clear errors, nothing stored, the token never printed', async () => {
  const cases: Array<[string, RegExp]> = [
    ['wrong-token', /^failed to verify token, got status 401$/m],
    ['gone', /^user does not exist$/m],
    ['r8_abc', /^that looks like a Replicate API token, not a CLI auth token/m],
    [' ', /^token is empty$/m],
  ];
  for (const [token, message] of cases) {
    const { run, configFile } = login(['--token-stdin'], `${token}\n`);
    const { code, stdout, stderr } = await run;
    assert.equal(code, 1, token);
    assert.match(stderr, message);
    if (token.trim().length > 3) assert.doesNotMatch(stdout + stderr, new RegExp(token));
    assert.equal(existsSync(configFile), false, token);
  }
});

test('a redirect from verify-token is not followed: the token never reaches another host', async () => {
  redirecting = true;
  try {
    const { run, configFile } = login(['--token-stdin'], `${TOKEN}\n`);
    const { code, stderr } = await run;
    assert.equal(code, 1);
    assert.match(stderr, /^failed to verify token: /m);
    assert.equal(elsewhereHits, 0);
    assert.equal(existsSync(configFile), false);
  } finally {
    redirecting = false;
  }
});

test('an unreachable token service is a one-line error naming the host', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const dead = `127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((resolve) => closed.close(resolve));
  await assert.rejects(fetchDisplayTokenUrl({ host: dead }), {
    code: 'REGISTRY_UNREACHABLE',
    message: new RegExp(`^failed to log in to ${dead.replaceAll('.', '\\.')}: .*ECONNREFUSED`),
  });
  await assert.rejects(verifyToken({ host: dead, token: TOKEN }), {
    code: 'REGISTRY_UNREACHABLE',
    message: /^failed to verify token: .*ECONNREFUSED/,
  });
});

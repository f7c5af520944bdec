import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CogError } from '../cog-error.ts';
import {
  isLoopbackHost,
  parseAuthChallenge,
  tokenUrl,
  verifyRegistryLogin,
} from './registry-login.ts';

test('parseAuthChallenge', () => {
  const rows: Array<[string, ReturnType<typeof parseAuthChallenge>]> = [
    ['Basic realm="cog-test"', { scheme: 'basic', params: { realm: 'cog-test' } }],
    [
      'Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:a/b:pull"',
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.example.com/token',
          service: 'registry.example.com',
          scope: 'repository:a/b:pull',
        },
      },
    ],
    [
      'bearer Realm=https://x/t, service=reg',
      { scheme: 'bearer', params: { realm: 'https://x/t', service: 'reg' } },
    ],
    [
      'Basic realm="a \\"quoted\\" realm"',
      { scheme: 'basic', params: { realm: 'a "quoted" realm' } },
    ],
    ['Basic', { scheme: 'basic', params: {} }],
    ['', undefined],
  ];
  for (const [header, want] of rows) assert.deepEqual(parseAuthChallenge(header), want, header);
});

test('tokenUrl: realm plus service, scope, account and client id; no realm is an error', () => {
  const url = tokenUrl(
    { scheme: 'bearer', params: { realm: 'https://auth.example.com/token?x=1', service: 'reg' } },
    'me',
  );
  assert.equal(url.href, 'https://auth.example.com/token?x=1&service=reg&account=me&client_id=cog');
  assert.throws(() => tokenUrl({ scheme: 'bearer', params: {} }, 'me'), /named no realm/);
});

test('isLoopbackHost', () => {
  for (const host of ['localhost', 'localhost:5000', '127.0.0.1:5100', '127.3.2.1', '[::1]:5000'])
    assert.equal(isLoopbackHost(host), true, host);
  for (const host of ['registry.example.com', '10.0.0.1:5000', 'ghcr.io', '127.example.com'])
    assert.equal(isLoopbackHost(host), false, host);
});

// In-process registries over plain HTTP on 127.0.0.1 (loopback hosts fall back to HTTP).
const servers: Server[] = [];
after(() => servers.forEach((s) => s.close()));

async function registry(
  handler: (req: IncomingMessage, res: ServerResponse, base: string) => void,
): Promise<{ host: string; requests: string[] }> {
  const requests: string[] = [];
  let base = '';
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'}`);
    handler(req, res, base);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = `http://${host}`;
  return { host, requests };
}

const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
const good = { username: 'me', password: 'hunter2-secret' };
const bad = { username: 'me', password: 'wrong-secret' };

function basicRegistry(req: IncomingMessage, res: ServerResponse): void {
  if (req.headers.authorization === basic(good.username, good.password))
    res.writeHead(200).end('{}');
  else res.writeHead(401, { 'www-authenticate': 'Basic realm="test"' }).end('{}');
}

async function rejection(promise: Promise<unknown>): Promise<CogError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof CogError);
    return error;
  }
  assert.fail('expected a rejection');
}

test('Basic challenge: right credentials pass, wrong ones fail without echoing the secret', async () => {
  const { host, requests } = await registry(basicRegistry);
  await verifyRegistryLogin({ host, credentials: good });
  assert.deepEqual(requests, [`GET /v2/ -`, `GET /v2/ ${basic('me', 'hunter2-secret')}`]);
  const error = await rejection(verifyRegistryLogin({ host, credentials: bad }));
  assert.equal(error.code, 'LOGIN_FAILED');
  assert.match(error.message, /unauthorized: incorrect username or password/);
  assert.doesNotMatch(`${error.message} ${error.hint}`, /wrong-secret/);
});

test('Bearer challenge: a token from the realm with Basic auth, then /v2/ with the token', async () => {
  const { host, requests } = await registry((req, res, base) => {
    const url = new URL(req.url ?? '/', base);
    if (url.pathname === '/token') {
      if (req.headers.authorization !== basic(good.username, good.password))
        return void res.writeHead(401).end();
      assert.equal(url.searchParams.get('service'), 'test-registry');
      assert.equal(url.searchParams.get('account'), 'me');
      return void res
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"token":"tok-1"}');
    }
    if (req.headers.authorization === 'Bearer tok-1') return void res.writeHead(200).end('{}');
    res
      .writeHead(401, {
        'www-authenticate': `Bearer realm="${base}/token",service="test-registry"`,
      })
      .end();
  });
  await verifyRegistryLogin({ host, credentials: good });
  assert.equal(requests.length, 3);
  assert.match(
    requests[1] ?? '',
    /^GET \/token\?service=test-registry&account=me&client_id=cog Basic /,
  );
  assert.equal(requests[2], 'GET /v2/ Bearer tok-1');
  const error = await rejection(verifyRegistryLogin({ host, credentials: bad }));
  assert.match(error.message, /incorrect username or password/);
});

test('an open registry is accepted; other statuses and dead hosts are clear errors', async () => {
  const open = await registry((_req, res) => void res.writeHead(200).end('{}'));
  await verifyRegistryLogin({ host: open.host, credentials: good });
  const broken = await registry((_req, res) => void res.writeHead(503).end());
  assert.match(
    (await rejection(verifyRegistryLogin({ host: broken.host, credentials: good }))).message,
    /answered HTTP 503/,
  );
  const dead = await registry(() => undefined);
  const deadHost = dead.host;
  servers.pop()?.close();
  await new Promise((r) => setTimeout(r, 50));
  const error = await rejection(verifyRegistryLogin({ host: deadHost, credentials: good }));
  assert.equal(error.code, 'REGISTRY_UNREACHABLE');
  assert.match(error.message, new RegExp(`failed to reach ${deadHost}: .*ECONNREFUSED`));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { CogError } from '../../cog-error.ts';
import { isLoopbackAddress, isLoopbackHostHeader } from './playground-access.ts';
import { browserHost, startPlaygroundServer, type PlaygroundServer } from './playground-server.ts';

interface Seen {
  method?: string;
  url?: string;
  headers?: IncomingHttpHeaders;
  body?: string;
}

/** A stand-in for `cog serve`: records the last request, answers by path. */
async function fakeModel(): Promise<{ server: Server; url: string; seen: Seen }> {
  const seen: Seen = {};
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      Object.assign(seen, { method: req.method, url: req.url, headers: req.headers, body });
      if (req.url === '/redirect') {
        res.writeHead(302, { Location: 'http://elsewhere/', 'Set-Cookie': 'a=b' });
        return res.end();
      }
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Set-Cookie': 'x=y',
        'Clear-Site-Data': '"*"',
        'X-Model': 'yes',
      });
      res.end(JSON.stringify({ status: 'succeeded', output: 'hello' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function call(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

async function withPlayground(
  fn: (pg: PlaygroundServer, model: Awaited<ReturnType<typeof fakeModel>>) => Promise<void>,
) {
  const model = await fakeModel();
  const pg = await startPlaygroundServer({
    host: '127.0.0.1',
    port: 0,
    target: model.url,
    webhookHost: 'host.docker.internal',
    cogVersion: '9.9.9',
  });
  try {
    await fn(pg, model);
  } finally {
    await pg.close(100);
    await new Promise((resolve) => model.server.close(resolve));
  }
}

test('serves the UI and its config with security headers', async () => {
  await withPlayground(async (pg, model) => {
    assert.match(pg.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await call(pg.port, '/');
    assert.equal(page.status, 200);
    assert.match(page.body, /<script src="\/app\.js"><\/script>/);
    assert.equal(page.headers['x-frame-options'], 'DENY');
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/);
    const script = await call(pg.port, '/app.js');
    assert.match(String(script.headers['content-type']), /javascript/);
    const config = JSON.parse((await call(pg.port, '/config')).body) as Record<string, string>;
    assert.deepEqual(config, {
      target: model.url,
      webhookBase: `http://host.docker.internal:${pg.port}`,
      cogVersion: '9.9.9',
    });
  });
});

test('the proxy forwards to X-Cog-Target without credentials and filters the answer', async () => {
  await withPlayground(async (pg, model) => {
    const res = await call(pg.port, '/proxy/predictions?x=1', {
      method: 'POST',
      headers: {
        'X-Cog-Target': model.url,
        'Content-Type': 'application/json',
        Authorization: 'Bearer secret',
        Cookie: 'c=d',
        Referer: 'http://localhost/',
      },
      body: '{"input":{}}',
    });
    assert.equal(res.status, 200);
    assert.equal(res.body, '{"status":"succeeded","output":"hello"}');
    assert.equal(model.seen.method, 'POST');
    assert.equal(model.seen.url, '/predictions?x=1');
    assert.equal(model.seen.body, '{"input":{}}');
    assert.equal(model.seen.headers?.authorization, undefined);
    assert.equal(model.seen.headers?.cookie, undefined);
    assert.equal(model.seen.headers?.referer, undefined);
    assert.equal(model.seen.headers?.['x-cog-target'], undefined);
    assert.equal(res.headers['set-cookie'], undefined);
    assert.equal(res.headers['clear-site-data'], undefined);
    assert.equal(res.headers['x-model'], 'yes');
    assert.equal(res.headers['cache-control'], 'no-store');
    const upstream = JSON.parse(
      Buffer.from(String(res.headers['x-cog-upstream-headers']), 'base64url').toString(),
    ) as Record<string, string>;
    assert.equal(upstream['set-cookie'], 'x=y');
  });
});

test('redirects are passed back without their Location', async () => {
  await withPlayground(async (pg, model) => {
    const res = await call(pg.port, '/proxy/redirect', { headers: { 'X-Cog-Target': model.url } });
    assert.equal(res.status, 302);
    assert.equal(res.headers.location, undefined);
  });
});

test('proxy errors: no target, bad target, unreachable target', async () => {
  await withPlayground(async (pg) => {
    assert.deepEqual(await call(pg.port, '/proxy/x').then((r) => [r.status, JSON.parse(r.body)]), [
      400,
      { error: 'no target API set' },
    ]);
    const bad = await call(pg.port, '/proxy/x', {
      headers: { 'X-Cog-Target': 'ftp://example.com' },
    });
    assert.deepEqual(
      [bad.status, JSON.parse(bad.body)],
      [400, { error: 'invalid target API URL' }],
    );
    const dead = await call(pg.port, '/proxy/x', {
      headers: { 'X-Cog-Target': 'http://127.0.0.1:9' },
    });
    assert.equal(dead.status, 502);
    assert.match((JSON.parse(dead.body) as { error: string }).error, /^cannot reach target API: /);
  });
});

test('only the local browser may use the UI and the proxy', async () => {
  await withPlayground(async (pg) => {
    const foreignHost = await call(pg.port, '/config', { headers: { Host: 'evil.example' } });
    assert.equal(foreignHost.status, 403);
    assert.deepEqual(JSON.parse(foreignHost.body), {
      error: 'playground UI and proxy are only available from this browser',
    });
    assert.equal(
      (await call(pg.port, '/config', { headers: { 'Sec-Fetch-Site': 'cross-site' } })).status,
      403,
    );
    assert.equal(
      (await call(pg.port, '/config', { headers: { Origin: 'http://evil.example' } })).status,
      403,
    );
    assert.equal(
      (await call(pg.port, '/config', { headers: { 'Sec-Fetch-Site': 'same-origin' } })).status,
      200,
    );
  });
});

test('webhooks are relayed to the browser subscribed with the token', async () => {
  await withPlayground(async (pg) => {
    assert.equal((await call(pg.port, '/webhook/tok')).status, 405);
    assert.equal((await call(pg.port, '/webhook/', { method: 'POST' })).status, 404);
    const early = await call(pg.port, '/webhook/tok', { method: 'POST', body: '{}' });
    assert.deepEqual(
      [early.status, JSON.parse(early.body)],
      [503, { error: 'no browser is ready to receive this webhook' }],
    );

    const received = new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: pg.port, path: '/events?token=tok' },
        (res) => {
          assert.equal(res.headers['content-type'], 'text/event-stream');
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString();
            if (text.includes('data: ')) {
              resolve(text);
              req.destroy();
            }
          });
        },
      );
      req.on('error', (error) =>
        (error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error),
      );
      req.end();
    });
    // Wait for the subscription to register before posting.
    let delivered = await call(pg.port, '/webhook/tok', {
      method: 'POST',
      body: '{"status":"succeeded"}',
    });
    for (let i = 0; delivered.status === 503 && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 20));
      delivered = await call(pg.port, '/webhook/tok', {
        method: 'POST',
        body: '{"status":"succeeded"}',
      });
    }
    assert.deepEqual([delivered.status, delivered.body], [200, '{}']);
    assert.match(await received, /data: \{"status":"succeeded"\}\n\n/);
  });
});

test('an oversized webhook body is refused with 413, declared or streamed', async () => {
  await withPlayground(async (pg) => {
    const big = 'x'.repeat(10 * 1024 * 1024 + 1);
    const declared = await call(pg.port, '/webhook/tok', { method: 'POST', body: big });
    assert.deepEqual(
      [declared.status, JSON.parse(declared.body)],
      [413, { error: 'webhook body too large' }],
    );
    const streamed = await call(pg.port, '/webhook/tok', {
      method: 'POST',
      headers: { 'Transfer-Encoding': 'chunked' },
      body: big,
    });
    assert.equal(streamed.status, 413);
  });
});

test('a port in use fails with the original message', async () => {
  await withPlayground(async (pg) => {
    await assert.rejects(
      startPlaygroundServer({
        host: '127.0.0.1',
        port: pg.port,
        target: 'http://x',
        webhookHost: 'h',
        cogVersion: '1',
      }),
      (error: unknown) =>
        error instanceof CogError &&
        /^starting playground server: .*EADDRINUSE/.test(error.message),
    );
  });
});

test('address helpers', () => {
  assert.equal(isLoopbackAddress('127.0.0.1'), true);
  assert.equal(isLoopbackAddress('::ffff:127.0.0.1'), true);
  assert.equal(isLoopbackAddress('::1'), true);
  assert.equal(isLoopbackAddress('10.0.0.2'), false);
  assert.equal(isLoopbackHostHeader('localhost:9000'), true);
  assert.equal(isLoopbackHostHeader('[::1]:9000'), true);
  assert.equal(isLoopbackHostHeader('example.com'), false);
  assert.equal(isLoopbackHostHeader(undefined), false);
  assert.equal(browserHost('0.0.0.0'), '127.0.0.1');
  assert.equal(browserHost('::'), '::1');
  assert.equal(browserHost('192.168.1.5'), '192.168.1.5');
});

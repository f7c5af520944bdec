import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { BodyBudget } from './body-budget.ts';
import { HttpError, readJsonBody } from './request-body.ts';

// A real node:http server whose handler reads the body under a small limit and budget, and can
// be told to hold a request's lease open (to fill the budget) until `release()`.
const LIMIT = 600;
const budget = new BodyBudget(1000);
let base = '';
let server: http.Server;
const holds: (() => void)[] = [];

before(async () => {
  server = http.createServer(async (request, response) => {
    const lease = budget.lease();
    if (request.headers['x-hold'] === '1')
      lease.holdUntil(new Promise<void>((resolve) => holds.push(resolve)));
    response.on('close', () => lease.end());
    try {
      const body = await readJsonBody(request, { lease, limit: LIMIT });
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ body, leased: lease.bytes }));
    } catch (error) {
      assert.ok(error instanceof HttpError);
      response.writeHead(error.status, { 'Content-Type': 'application/json', ...error.headers });
      response.end(JSON.stringify(error.body));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function send(
  body: string | AsyncIterable<string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const init: RequestInit & { duplex?: 'half' } = {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : (body as unknown as ReadableStream),
  };
  if (typeof body !== 'string') init.duplex = 'half';
  const response = await fetch(base, init);
  return { status: response.status, body: await response.json(), headers: response.headers };
}

async function* chunked(chunks: string[]): AsyncIterable<string> {
  for (const chunk of chunks) yield chunk;
}

const idle = async () => {
  for (let i = 0; i < 500 && budget.used > 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(budget.used, 0);
};

describe('readJsonBody', () => {
  test('parses JSON; a blank body is {}; the lease holds the body bytes', async () => {
    assert.deepEqual((await send('{"input":{"a":1}}')).body, {
      body: { input: { a: 1 } },
      leased: 17,
    });
    assert.deepEqual((await send(' \n')).body, { body: {}, leased: 2 });
    assert.deepEqual((await send(chunked(['[1,', '2]']))).body, { body: [1, 2], leased: 5 });
    await idle();
  });

  test('a body over the limit is a 413, declared or chunked, and the client reads it', async () => {
    const tooLarge = { detail: 'Request body is larger than 0 MiB' };
    const declared = await send(`"${'a'.repeat(LIMIT)}"`);
    assert.deepEqual([declared.status, declared.body], [413, tooLarge]);
    const streamed = await send(chunked(['"', 'a'.repeat(400), 'a'.repeat(400), '"']));
    assert.deepEqual([streamed.status, streamed.body], [413, tooLarge]);
    await idle();
  });

  test('bodies beyond the in-flight budget are a 503 with Retry-After until it frees', async () => {
    const first = send(`"${'a'.repeat(500)}"`, { 'x-hold': '1' });
    assert.equal((await first).status, 200);
    assert.equal(budget.used, 502);
    const refused = await send(`"${'b'.repeat(500)}"`);
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.deepEqual(refused.body, {
      error: 'Too many request bytes in flight (0 of 0 MiB); retry later',
      status: 'failed',
    });
    const chunkedRefused = await send(chunked(['"', 'c'.repeat(250), 'c'.repeat(250), '"']));
    assert.equal(chunkedRefused.status, 503);
    assert.equal((await send('{"small":true}')).status, 200, 'small bodies still fit');
    holds.splice(0).forEach((release) => release());
    await idle();
    assert.equal((await send(`"${'d'.repeat(500)}"`)).status, 200);
  });

  test('nesting deeper than 128 levels is a 400 before parsing', async () => {
    const deep = await send('['.repeat(100_000) + ']'.repeat(100_000), {});
    assert.equal(deep.status, 413); // over this test's tiny limit first
    const nested = await send('['.repeat(129) + ']'.repeat(129));
    assert.deepEqual(
      [nested.status, nested.body],
      [400, { detail: 'Request body nests arrays/objects deeper than 128 levels' }],
    );
    assert.equal((await send('['.repeat(128) + ']'.repeat(128))).status, 200);
  });

  test('other content types are a 415, malformed JSON a 400', async () => {
    assert.equal((await send('{}', { 'Content-Type': 'text/plain' })).status, 415);
    assert.equal((await send('{"a":')).status, 400);
  });

  test('a client that disconnects mid-body gives its lease back', async () => {
    const request = http.request(base, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': '500' },
    });
    request.on('error', () => {});
    request.write('"abc');
    // The server takes the declared 500 bytes as soon as it has the headers.
    for (let i = 0; i < 500 && budget.used < 500; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(budget.used, 500);
    request.destroy();
    await idle();
  });
});

// Fuzz target for the HTTP edge: random hostile requests (truncated, deeply nested, huge-number
// and odd-unicode JSON; wrong content types; odd methods, paths, ids and headers; raw malformed
// HTTP) against the real in-process server with a trivial Python predictor. Properties: never a
// 5xx, every reply a JSON body (or node:http's own 4xx for unparseable HTTP), no unhandled
// rejection or exception, and afterwards the server still runs a good prediction and admits a
// body of nearly the whole in-flight budget (so no refused or aborted body leaked its lease).
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { fuzz, fuzzBudget, type Random } from '../../testing/fuzz.ts';
import { predict, request, startTestRuntime, type TestRuntime } from '../runtime-test-harness.ts';

const RUNNER = `
import os
from typing import List, Optional
from cog import BaseRunner, Input, Path

class Runner(BaseRunner):
    def run(
        self,
        text: str = "x",
        n: int = Input(default=1, ge=0, le=10),
        ratio: float = 0.5,
        tags: List[str] = Input(default=[]),
        file: Optional[Path] = None,
    ) -> str:
        size = os.path.getsize(file) if file is not None else -1
        return f"{text[:20]}|{n}|{ratio}|{len(tags)}|{size}"
`;

const BUDGET_BYTES = 8 * 1024 * 1024;

interface Case {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer | null;
  /** Send without Content-Length (chunked). */
  chunked: boolean;
}

// ---- generators ---------------------------------------------------------------------------

const VALID_IDS = ['wjx3whax6rf4vphkegkhcvpv6a', '550e8400-e29b-41d4-a716-446655440000', 'p_1'];

function randomId(random: Random): string {
  switch (random.int(6)) {
    case 0:
      return random.pick(VALID_IDS) + random.int(1000);
    case 1:
      return 'x'.repeat(random.pick([128, 129, 1000, 8000]));
    case 2:
      return random.string(random.int(30));
    case 3:
      return random.pick(['', '.', '..', '-', '\n', '\0', 'é', '\uD800', '\u2028', 'a b']);
    default:
      return random.string(1 + random.int(40), 'abcdefghjkmnpqrstvwxyz0123456789-_.~');
  }
}

function randomString(random: Random): string {
  switch (random.int(5)) {
    case 0:
      return random.string(random.int(50));
    case 1:
      return random.pick(['\uD800', '\uDFFF\uD800', '\u0000', '\uFEFF', '\u2028\u2029', '😀']);
    case 2:
      return 'é'.repeat(random.int(2000));
    default:
      return random.string(random.int(10), 'abc');
  }
}

function randomNumberText(random: Random): string {
  return random.pick([
    '1e999999',
    '-1e400',
    '123456789012345678901234567890',
    '0.' + '0'.repeat(400) + '1',
    '-0',
    '1.5',
    '-1',
    '11',
    String(random.int(1e9)),
    '9007199254740993',
  ]);
}

function dataUri(random: Random): string {
  const payload = random.pick([
    'aGk=',
    '!!!!',
    'aGk=junk',
    'aGk',
    'a-_A',
    '',
    'aG%3D',
    '%ZZ',
    'aGVs\nbG8=',
    random.string(random.int(20)),
  ]);
  return random.pick([
    `data:text/plain;base64,${payload}`,
    `data:;base64,${payload}`,
    `data:,${payload}`,
    `data:image/png${payload}`,
    `DATA:text/plain;BASE64,${payload}`,
  ]);
}

/** A JSON text of an input value: mostly well-formed, sometimes hostile. */
function inputText(random: Random): string {
  const fields: string[] = [];
  const add = (key: string, value: string) => fields.push(`${JSON.stringify(key)}:${value}`);
  if (random.bool(0.7)) add('text', JSON.stringify(randomString(random)));
  if (random.bool(0.4)) add('n', random.bool(0.7) ? randomNumberText(random) : '"3"');
  if (random.bool(0.3)) add('ratio', randomNumberText(random));
  if (random.bool(0.3))
    add('tags', JSON.stringify(Array.from({ length: random.int(5) }, () => randomString(random))));
  if (random.bool(0.4)) add('file', JSON.stringify(random.bool(0.8) ? dataUri(random) : 'x'));
  if (random.bool(0.2)) add(random.pick(['__proto__', 'constructor', 'unknown', '']), '{"a":1}');
  if (random.bool(0.1)) add('text', '"duplicate"');
  return `{${fields.join(',')}}`;
}

function nested(random: Random, depth: number): string {
  const [open, close] = random.pick([
    ['[', ']'],
    ['{"a":', '}'],
  ] as const);
  return open.repeat(depth) + '1' + close.repeat(depth);
}

function envelopeText(random: Random): string {
  const fields: string[] = [];
  if (random.bool(0.9)) fields.push(`"input":${inputText(random)}`);
  if (random.bool(0.2)) fields.push(`"id":${JSON.stringify(randomId(random))}`);
  if (random.bool(0.1)) fields.push(`"id":${random.pick(['1', 'null', '[]', '{}'])}`);
  if (random.bool(0.1))
    fields.push(
      `"webhook":${JSON.stringify(random.pick(['not a url', 'ftp://x', 'http://[::1', 1]))}`,
    );
  if (random.bool(0.1))
    fields.push(
      `"webhook_events_filter":${random.pick(['["start"]', '["bogus"]', '"start"', '[1]'])}`,
    );
  if (random.bool(0.1))
    fields.push(`"context":${random.pick(['{"a":"b"}', '{"a":1}', '[]', '"x"'])}`);
  if (random.bool(0.1)) fields.push(`"created_at":${random.pick(['"2025-01-01"', '1', 'null'])}`);
  return `{${fields.join(',')}}`;
}

function randomBody(random: Random): Buffer | null {
  const text = (): string => {
    switch (random.int(12)) {
      case 0:
        return envelopeText(random).slice(0, random.int(200)); // truncated
      case 1:
        return `{"input":{"text":${nested(random, random.pick([10, 126, 127, 129, 1000, 100_000]))}}}`;
      case 2:
        return random.pick([
          '[]',
          '"x"',
          '1',
          'null',
          'true',
          '',
          ' \n ',
          '{}',
          'NaN',
          '{"input":null}',
        ]);
      case 3:
        return '\uFEFF' + envelopeText(random);
      case 4:
        return `{"input":{"text":"${'A'.repeat(random.int(1024 * 1024))}"}}`;
      default:
        return envelopeText(random);
    }
  };
  if (random.bool(0.05)) return null;
  const bytes = Buffer.from(text(), 'utf8');
  if (random.bool(0.05)) {
    // invalid UTF-8 spliced in (lone continuation bytes, overlong NUL)
    const at = random.int(bytes.length + 1);
    return Buffer.concat([
      bytes.subarray(0, at),
      Buffer.from([0xff, 0xc0, 0x80]),
      bytes.subarray(at),
    ]);
  }
  return bytes;
}

/** Percent-encoded; a lone surrogate (which encodeURIComponent refuses) becomes U+FFFD. */
function encodePath(text: string): string {
  return encodeURIComponent(Buffer.from(text, 'utf8').toString('utf8'));
}

function randomPath(random: Random): string {
  const id = () =>
    random.bool(0.8)
      ? encodePath(randomId(random))
      : random.pick(['%', '%ZZ', '%C0%AF', '%E0%A4%A', '%2F']);
  const path = random.pick([
    () => '/predictions',
    () => `/predictions/${id()}`,
    () => `/predictions/${id()}/cancel`,
    () => '/trainings',
    () => `/trainings/${id()}`,
    () => `/trainings/${id()}/cancel`,
    () =>
      random.pick(['/', '/health-check', '/openapi.json', '/docs', '//', '/predictions/', '/x']),
    () => '/' + encodePath(random.string(random.int(40))),
  ])();
  return random.bool(0.1) ? `${path}?${encodePath(random.string(10))}` : path;
}

function randomHeaders(random: Random): Record<string, string> {
  const headers: Record<string, string> = {};
  if (random.bool(0.85))
    headers['Content-Type'] = random.pick([
      'application/json',
      'application/json; charset=utf-8',
      'application/vnd.api+json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      '',
      ';;;',
      'application/json; charset=utf-16',
    ]);
  if (random.bool(0.2))
    headers.Prefer = random.pick([
      'respond-async',
      'respond-async, wait=5',
      'wait=1',
      ',,,',
      'RESPOND-ASYNC',
    ]);
  if (random.bool(0.1))
    headers.Accept = random.pick(['text/event-stream', '*/*', 'text/event-stream;q=0']);
  if (random.bool(0.1)) headers.traceparent = random.string(random.int(60), 'abc0123456789-');
  if (random.bool(0.1)) headers['X-Fuzz'] = random.string(random.int(4000), 'abc!#$%&*+-.^_`|~ ');
  return headers;
}

function randomCase(random: Random): Case {
  const method = random.bool(0.8)
    ? random.pick(['POST', 'PUT'])
    : random.pick(['GET', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'FOO']);
  return {
    method,
    path: randomPath(random),
    headers: randomHeaders(random),
    body: randomBody(random),
    // node:http's client only frames a body without Content-Length for methods that usually
    // have one; for GET it would send bare bytes after the request (a broken client, not us).
    chunked: ['POST', 'PUT', 'PATCH'].includes(method) && random.bool(0.2),
  };
}

/** Malformed HTTP that node:http's parser itself must refuse (or a body cut off mid-way). */
function rawRequest(random: Random): Buffer {
  const body = random.string(random.int(100));
  return Buffer.from(
    random.pick([
      `POST /predictions HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length + 1000}\r\n\r\n${body}`,
      `POST /predictions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n${body}`,
      `POST /predictions HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n{}`,
      `GET /\0 HTTP/1.1\r\nHost: x\r\n\r\n`,
      `POST /predictions HTTP/1.1\r\nHost: x\r\nX: a\0b\r\n\r\n`,
      `POST /predictions HTTP/1.1\r\nHost: x\r\n folded: header\r\n\r\n`,
      `${random.string(random.int(200))}\r\n\r\n`,
      `POST /predictions HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n`,
      `POST /predictions HTTP/1.1\r\nHost: x\r\nX-Long: ${'a'.repeat(20_000)}\r\n\r\n`,
    ]),
    'latin1',
  );
}

// ---- properties ---------------------------------------------------------------------------

function send(base: URL, c: Case): Promise<{ status: number; body: string } | 'rejected'> {
  return new Promise((resolve, reject) => {
    let req: http.ClientRequest;
    try {
      req = http.request({
        host: base.hostname,
        port: base.port,
        method: c.method,
        path: c.path,
        headers:
          c.chunked || c.body === null
            ? c.headers
            : { ...c.headers, 'Content-Length': c.body.length },
        timeout: 30_000,
        agent: false, // one connection per case: no keep-alive reuse races between cases
      });
    } catch {
      return resolve('rejected'); // the client refused to build it (unescaped path, bad header)
    }
    req.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`no answer to ${c.method} ${c.path}`)));
    // The server may answer early (413/503) and stop reading; node:http's parser refuses an
    // unknown method with a 400 and hangs up while a large body is still being sent.
    req.on('error', (error) => {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return;
      if (code === 'ECONNRESET' && c.method === 'FOO') return resolve('rejected');
      reject(error);
    });
    if (c.body !== null) req.write(c.body);
    req.end();
  });
}

function sendRaw(base: URL, bytes: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(Number(base.port), base.hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.write(bytes);
    // An incomplete request gets no answer: hang up, as a client that goes away would.
    setTimeout(() => socket.destroy(), 200);
  });
}

let server: TestRuntime;
const crashes: unknown[] = [];
const onCrash = (error: unknown) => crashes.push(error);

before(async () => {
  process.on('unhandledRejection', onCrash);
  process.on('uncaughtException', onCrash);
  server = await startTestRuntime({
    files: { 'run.py': RUNNER },
    env: { COG_MAX_BODY_BYTES_IN_FLIGHT: String(BUDGET_BYTES) },
  });
});

after(async () => {
  await server.close();
  process.off('unhandledRejection', onCrash);
  process.off('uncaughtException', onCrash);
});

test('hostile requests never get a 5xx nor crash the server', async () => {
  const base = new URL(server.url);
  const cases = await fuzz('http edge', fuzzBudget(150), async (random) => {
    if (random.bool(0.1)) {
      const reply = await sendRaw(base, rawRequest(random));
      assert.doesNotMatch(reply, /^HTTP\/1\.1 5/, reply.slice(0, 200));
      return;
    }
    const c = randomCase(random);
    const what = `${c.method} ${c.path.slice(0, 80)} ${JSON.stringify(c.headers).slice(0, 200)} chunked=${c.chunked} body ${c.body?.subarray(0, 80).toString('utf8')}`;
    const reply = await send(base, c).catch((error: Error) => {
      throw new Error(`${error.message} for ${what}`);
    });
    if (reply === 'rejected') return;
    assert.ok(
      reply.status >= 200 && reply.status < 500,
      `${reply.status} for ${what}: ${reply.body.slice(0, 300)}`,
    );
    // Empty: HEAD, or node:http's own 400 for what it cannot parse (e.g. method FOO).
    if (reply.body !== '' && !/^\/docs\b/.test(c.path))
      assert.doesNotThrow(
        () => JSON.parse(reply.body),
        `not JSON for ${what}: ${reply.body.slice(0, 100)}`,
      );
    else if (reply.body === '') assert.ok(c.method === 'HEAD' || reply.status === 400, what);
    assert.deepEqual(crashes, []);
  });
  assert.ok(cases > 0);
  // Still serving: wait for async predictions the cases started, then a good one.
  for (let i = 0; i < 500; i++) {
    const health = (await request(`${server.url}/health-check`)).body as {
      concurrency: { current: number };
    };
    if (health.concurrency.current === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const good = await predict(server.url, { text: 'A'.repeat(BUDGET_BYTES - 1024), n: 2 });
  assert.equal(good.status, 200, JSON.stringify(good.body).slice(0, 300));
  assert.equal((good.body as { output: string }).output, `${'A'.repeat(20)}|2|0.5|0|-1`);
  assert.deepEqual(crashes, []);
});

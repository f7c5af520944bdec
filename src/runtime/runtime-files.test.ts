// Integration tests of file inputs (URL and data: URI downloads, failures, timeouts, cleanup)
// and file outputs (data URIs, uploads to --upload-url honouring Location, nested files,
// upload failures) with real Python predictors.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  predict,
  startReceiver,
  startTestRuntime,
  type Receiver,
  type TestRuntime,
} from './runtime-test-harness.ts';

const COPY = `
import os, tempfile
from typing import List
from cog import BaseRunner, Input, Path

class Runner(BaseRunner):
    def run(self, image: Path, extra: List[Path] = Input(default=[]), label: str = "x") -> Path:
        print(f"input {image}")
        out = Path(tempfile.mkdtemp(dir=".")) / ("out-" + os.path.basename(image) + ".txt")
        out.write_bytes(image.read_bytes() + b"".join(p.read_bytes() for p in extra))
        return out
`;

const NESTED = `
import tempfile
from typing import List
from cog import BaseRunner, BaseModel, Path

class Output(BaseModel):
    file: Path
    files: List[Path]
    count: int

def write(name: str, text: str) -> Path:
    path = Path(tempfile.mkdtemp(dir=".")) / name
    path.write_text(text)
    return path

class Runner(BaseRunner):
    def run(self, text: str) -> Output:
        return Output(file=write("a.txt", text), files=[write("b.json", "{}"), write("c.png", "png")], count=2)
`;

const STREAMED_FILES = `
import tempfile
from typing import Iterator
from cog import BaseRunner, Path

class Runner(BaseRunner):
    def run(self, n: int) -> Iterator[Path]:
        for i in range(n):
            path = Path(tempfile.mkdtemp(dir=".")) / f"frame{i}.png"
            path.write_bytes(b"png")
            yield path
`;

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('file inputs and data-URI outputs', () => {
  let rt: TestRuntime;
  let host: Receiver;
  before(async () => {
    host = await startReceiver();
    host.reply = (req) => {
      const path = (req.url ?? '').split('?')[0];
      if (path === '/cat.png') return { status: 200, body: 'PNGDATA' };
      if (path === '/dog.png') return { status: 200, body: '+DOG' };
      if (path === '/hang.png') return null;
      return { status: 404, body: 'not found' };
    };
    rt = await startTestRuntime({
      files: { 'run.py': COPY },
      service: { download: { idleTimeoutMs: 300, userAgent: 'test-agent' } },
    });
  });
  after(async () => {
    await rt.close();
    await host.close();
  });

  test('URL inputs are downloaded (lists too), outputs come back as data URIs, temp inputs are removed', async () => {
    const res = await predict(rt.url, {
      image: `${host.url}/cat.png?token=1`,
      extra: [`${host.url}/dog.png`],
    });
    const body = res.body as Record<string, unknown>;
    assert.equal(body.status, 'succeeded', String(body.error));
    assert.equal(body.output, `data:text/plain;base64,${b64('PNGDATA+DOG')}`);
    assert.deepEqual(body.input, {
      image: `${host.url}/cat.png?token=1`,
      extra: [`${host.url}/dog.png`],
      label: 'x',
    });
    const local = /^input (.*)\n$/.exec(body.logs as string)?.[1] ?? '';
    assert.match(local, /\/cat\.png$/);
    assert.equal(existsSync(local), false, 'downloaded input must be removed');
    assert.equal(
      host.requests.find((r) => r.url === '/cat.png?token=1')?.headers['user-agent'],
      'test-agent',
    );
  });

  test('data: URI inputs are decoded to a file named after the MIME type', async () => {
    const res = await predict(rt.url, { image: `data:image/png;base64,${b64('inline')}` });
    const body = res.body as Record<string, unknown>;
    assert.equal(body.output, `data:text/plain;base64,${b64('inline')}`);
    assert.match(body.logs as string, /\/file\.png\n$/);
  });

  test('a URL that answers 404 fails the prediction clearly', async () => {
    const res = await predict(rt.url, { image: `${host.url}/missing.png?secret=1` });
    const body = res.body as Record<string, unknown>;
    assert.equal(res.status, 200);
    assert.equal(body.status, 'failed');
    assert.equal(
      body.error,
      `Input validation error: failed to download ${host.url}/missing.png: HTTP 404`,
    );
  });

  test('a URL that never answers times out instead of hanging', async () => {
    const res = await predict(rt.url, { image: `${host.url}/hang.png` });
    const body = res.body as Record<string, unknown>;
    assert.equal(body.status, 'failed');
    assert.equal(body.error, `Input validation error: timed out downloading ${host.url}/hang.png`);
  });
});

describe('uploads to --upload-url', () => {
  let rt: TestRuntime;
  let store: Receiver;
  let failUploads = false;
  before(async () => {
    store = await startReceiver();
    store.reply = (req) => {
      if (failUploads) return { status: 403, body: 'denied' };
      const name = (req.url ?? '').split('/').pop() ?? '';
      const headers: Record<string, string> =
        name === 'a.txt' ? { Location: `https://cdn.example/files/${name}?sig=abc` } : {};
      return { status: 201, headers };
    };
    rt = await startTestRuntime({
      files: { 'nested.py': NESTED },
      ref: 'nested.py:Runner',
      args: ['--upload-url', `${store.url}/upload/`],
    });
  });
  after(async () => {
    await rt.close();
    await store.close();
  });

  test('files nested in an object output are uploaded; Location wins and loses its query', async () => {
    const res = await predict(rt.url, { text: 'hello' }, { id: 'up1' });
    const body = res.body as Record<string, unknown>;
    assert.equal(body.status, 'succeeded', String(body.error));
    assert.deepEqual(body.output, {
      file: 'https://cdn.example/files/a.txt',
      files: [`${store.url}/upload/b.json`, `${store.url}/upload/c.png`],
      count: 2,
    });
    const first = store.requests[0];
    assert.equal(first?.method, 'PUT');
    assert.equal(first?.url, '/upload/a.txt');
    assert.equal(first?.headers['content-type'], 'text/plain');
    assert.equal(first?.headers['x-prediction-id'], 'up1');
    assert.equal(first?.body.toString(), 'hello');
  });

  test('an upload failure fails the prediction', async () => {
    failUploads = true;
    const res = await predict(rt.url, { text: 'x' });
    failUploads = false;
    const body = res.body as Record<string, unknown>;
    assert.equal(body.status, 'failed');
    assert.equal(
      body.error,
      `failed to upload output file a.txt to ${store.url}/upload/a.txt: HTTP 403`,
    );
  });
});

describe('iterator of files with --upload-url', () => {
  test('every yielded file is uploaded as it arrives', async () => {
    const store = await startReceiver();
    const rt = await startTestRuntime({
      files: { 'run.py': STREAMED_FILES },
      args: ['--upload-url', `${store.url}/u`],
    });
    try {
      const body = (await predict(rt.url, { n: 2 }, { id: 'frames' })).body as Record<
        string,
        unknown
      >;
      assert.deepEqual(body.output, [`${store.url}/u/frame0.png`, `${store.url}/u/frame1.png`]);
      assert.deepEqual(
        store.requests.map((r) => [r.method, r.url, r.headers['content-type']]),
        [
          ['PUT', '/u/frame0.png', 'image/png'],
          ['PUT', '/u/frame1.png', 'image/png'],
        ],
      );
    } finally {
      await rt.close();
      await store.close();
    }
  });
});

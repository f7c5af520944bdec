import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileNameOf, prepareInputFiles } from './input-files.ts';
import { startReceiver } from '../runtime-test-harness.ts';
import { isWorkerTempCopy, resolveOutputFiles, uploadTarget } from './output-files.ts';

describe('input file names', () => {
  const rows: [string, string][] = [
    ['https://x.test/a/cat.png?sig=1', 'cat.png'],
    ['https://x.test/a/my%20image.jpg', 'my image.jpg'],
    ['https://x.test/a/x%2Fy.png', 'x_y.png'],
    ['https://x.test/', 'file'],
    [`https://x.test/${'a'.repeat(300)}.png`, `${'a'.repeat(195)}~.png`],
  ];
  for (const [url, name] of rows)
    test(url.slice(0, 40), () => assert.equal(fileNameOf(new URL(url)), name));
});

describe('prepareInputFiles', () => {
  const properties = {
    image: { type: 'string', format: 'uri' },
    images: { type: 'array', items: { type: 'string', format: 'uri' } },
    text: { type: 'string' },
  };
  const options = { idleTimeoutMs: 1000, userAgent: undefined };

  test('only format: uri fields are touched; a plain string URL stays a string', async () => {
    const prepared = await prepareInputFiles(
      {
        image: 'data:text/plain;base64,aGk=',
        images: ['data:,a%20b', '/local/path'],
        text: 'data:,not-a-file',
      },
      properties,
      options,
    );
    try {
      const input = prepared.input as { image: string; images: string[]; text: string };
      assert.match(input.image, /\/file\.txt$/);
      assert.equal(input.images[1], '/local/path');
      assert.equal(input.text, 'data:,not-a-file');
    } finally {
      await prepared.cleanup();
    }
  });
});

describe('output files', () => {
  test('markers anywhere become data URIs; other values are untouched', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'coglet-out-'));
    try {
      const file = path.join(dir, 'out.png');
      writeFileSync(file, 'png');
      const value = { a: [{ __cog_file__: file }], b: { __cog_file__: file, extra: 1 }, c: 'text' };
      assert.deepEqual(
        await resolveOutputFiles(value, 'p', {
          uploadUrl: null,
          timeoutMs: 1000,
          retryDelaysMs: [],
        }),
        {
          a: ['data:image/png;base64,cG5n'],
          b: { __cog_file__: file, extra: 1 },
          c: 'text',
        },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a missing output file is a clear error', async () => {
    await assert.rejects(
      resolveOutputFiles({ __cog_file__: '/nonexistent/x.txt' }, 'p', {
        uploadUrl: null,
        timeoutMs: 1000,
        retryDelaysMs: [],
      }),
      /^Error: cannot read output file \/nonexistent\/x\.txt: ENOENT$/,
    );
  });

  test('upload target: exactly one slash, basename escaped', () => {
    assert.equal(
      uploadTarget('http://u.test/up//', '/tmp/a b.png').href,
      'http://u.test/up/a%20b.png',
    );
    assert.equal(uploadTarget('http://u.test/up', '/tmp/x.txt').href, 'http://u.test/up/x.txt');
  });

  test("only the SDK's temp copies of file-like outputs are deleted", async () => {
    assert.equal(isWorkerTempCopy('/tmp/cog-output-ab12/out.png', '/tmp'), true);
    assert.equal(isWorkerTempCopy('/tmp/out.png', '/tmp'), false);
    assert.equal(isWorkerTempCopy('/src/cog-output-x/out.png', '/tmp'), false);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cog-output-'));
    writeFileSync(path.join(dir, 'o.txt'), 'x');
    await resolveOutputFiles({ __cog_file__: path.join(dir, 'o.txt') }, 'p', {
      uploadUrl: null,
      timeoutMs: 1000,
      retryDelaysMs: [],
    });
    assert.equal(existsSync(dir), false);
  });

  test('with an inline limit, small files stay data URIs and larger ones are uploaded', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'coglet-out-'));
    const receiver = await startReceiver();
    receiver.reply = (req) => ({
      status: 201,
      headers: { Location: `${receiver.url}/stored${req.url ?? ''}?sig=1` },
    });
    try {
      const small = path.join(dir, 'small.txt');
      const exact = path.join(dir, 'exact.txt');
      const large = path.join(dir, 'large.png');
      writeFileSync(small, 'abc');
      writeFileSync(exact, 'abcd');
      writeFileSync(large, 'abcde');
      const warnings: string[] = [];
      const options = {
        uploadUrl: `${receiver.url}/up/`,
        timeoutMs: 1000,
        retryDelaysMs: [],
        inlineLimitBytes: 4,
        warn: (m: string) => warnings.push(m),
      };
      const files = [small, exact, large].map((f) => ({ __cog_file__: f }));
      assert.deepEqual(await resolveOutputFiles(files, 'pred1', options), [
        'data:text/plain;base64,YWJj',
        'data:text/plain;base64,YWJjZA==',
        `${receiver.url}/stored/up/large.png`,
      ]);
      assert.deepEqual(
        receiver.requests.map((r) => [
          r.method,
          r.url,
          r.headers['content-type'],
          r.headers['x-prediction-id'],
          r.body.toString(),
        ]),
        [['PUT', '/up/large.png', 'image/png', 'pred1', 'abcde']],
      );
      assert.deepEqual(warnings, []);

      // No upload URL: the large file stays inline, with a warning that says why.
      const inline = await resolveOutputFiles({ __cog_file__: large }, 'pred2', {
        ...options,
        uploadUrl: null,
      });
      assert.equal(inline, 'data:image/png;base64,YWJjZGU=');
      assert.deepEqual(warnings, [
        'output file large.png is 5 bytes, above the inline limit of 4 bytes; it is sent inline because no upload URL is configured',
      ]);
      assert.equal(receiver.requests.length, 1);
    } finally {
      await receiver.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

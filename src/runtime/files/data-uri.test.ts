import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { checkDataUri, dataUriBytes, InvalidDataUriError } from './data-uri.ts';
import { invalidDataUris, prepareInputFiles } from './input-files.ts';

const decoded = (uri: string) => Buffer.concat([...dataUriBytes(uri)]);

describe('data URIs', () => {
  const good: [string, string][] = [
    ['data:text/plain;base64,aGk=', 'hi'],
    ['data:;base64,', ''],
    ['data:application/octet-stream;BASE64,AAEC', '\u0000\u0001\u0002'],
    ['data:text/plain;charset=utf-8;base64,aGVsbG8gd29ybGQ=', 'hello world'],
    ['data:text/plain;base64,aGVs\nbG8g\r\nd29y bGQ=', 'hello world'], // `base64` line breaks
    ['data:text/plain;base64,aGk%3D', 'hi'], // percent-escaped padding (RFC 2397)
    ['data:,a%20b', 'a b'],
    ['data:text/plain,caf%C3%A9', 'café'],
    ['data:,', ''],
  ];
  for (const [uri, text] of good) {
    test(`accepts ${JSON.stringify(uri)}`, () => {
      assert.doesNotThrow(() => checkDataUri(uri));
      assert.equal(decoded(uri).toString('utf8'), text);
    });
  }

  const bad: [string, RegExp][] = [
    ['data:text/plain;base64,!!!!', /has "!" at offset 0$/],
    ['data:text/plain;base64,aGk=junk', /has "=" at offset 3 \("=" is only allowed as padding/],
    ['data:text/plain;base64,aGk', /length 3 is not a multiple of 4 \(missing "=" padding\?\)/],
    ['data:text/plain;base64,a-_A', /has "-" at offset 1 \(URL-safe base64 is not accepted/],
    ['data:text/plain;base64,A===', /has "=" at offset 1/],
    ['data:text/plain;base64,aGk\u00e9', /has "é" at offset 3$/],
    ['data:text/plain;base64,aG%ZZ', /malformed percent-escape at offset 2/],
    ['data:text/plain,100%', /malformed percent-escape at offset 3/],
    ['data:text/plain;base64', /missing ","/],
  ];
  for (const [uri, message] of bad) {
    test(`rejects ${JSON.stringify(uri)}`, () => {
      assert.throws(
        () => checkDataUri(uri),
        (error: unknown) => error instanceof InvalidDataUriError && message.test(error.message),
      );
    });
  }

  test('large payloads decode in slices to the same bytes', () => {
    const bytes = randomBytes(1_000_003);
    const uri = `data:application/octet-stream;base64,${bytes.toString('base64')}`;
    const slices = [...dataUriBytes(uri, 10_000)];
    assert.ok(slices.length > 90);
    assert.ok(Buffer.concat(slices).equals(bytes));
  });
});

describe('invalidDataUris', () => {
  const properties = {
    image: { type: 'string', format: 'uri' },
    images: { type: 'array', items: { type: 'string', format: 'uri' } },
    text: { type: 'string' },
  };

  test('names each bad file input by its pointer; other fields and URLs are not checked', () => {
    assert.deepEqual(
      invalidDataUris(
        {
          image: 'data:image/png;base64,!!!!',
          images: ['data:,ok', 'https://x.test/a.png', 'data:;base64,AAA'],
          text: 'data:;base64,!!!!',
        },
        properties,
      ).map((p) => p.pointer),
      ['image', 'images/2'],
    );
    assert.deepEqual(invalidDataUris({ image: 'data:;base64,AAAA' }, properties), []);
  });

  test('prepareInputFiles writes the decoded bytes to file<ext>', async () => {
    const prepared = await prepareInputFiles(
      { image: 'data:image/png;base64,iVBORw0K\nGgo=' },
      properties,
      { idleTimeoutMs: 1000, userAgent: undefined },
    );
    try {
      const file = (prepared.input as { image: string }).image;
      assert.match(file, /\/file\.png$/);
      assert.deepEqual(
        readFileSync(file),
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      );
    } finally {
      await prepared.cleanup();
    }
  });
});

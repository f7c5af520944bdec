import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pushErrorMessage, splitTag } from './push-image.ts';

test('splitTag', () => {
  assert.deepEqual(splitTag('r8.im/me/model'), { repository: 'r8.im/me/model', tag: 'latest' });
  assert.deepEqual(splitTag('127.0.0.1:5100/me/model:v1'), {
    repository: '127.0.0.1:5100/me/model',
    tag: 'v1',
  });
  assert.deepEqual(splitTag('127.0.0.1:5100/model'), {
    repository: '127.0.0.1:5100/model',
    tag: 'latest',
  });
});

test('pushErrorMessage', () => {
  const rows: Array<[string, string]> = [
    ['An image does not exist locally with the tag: x', 'tag not found: "img"'],
    ['NAME_UNKNOWN: repository name not known to registry', 'repository not found: "img"'],
    ['unauthorized: authentication required', 'authorization failed'],
    ['connection refused', 'error during image push: connection refused'],
  ];
  for (const [daemon, want] of rows) assert.equal(pushErrorMessage('img', daemon), want, daemon);
});

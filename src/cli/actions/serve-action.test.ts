import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveUrl } from './serve-action.ts';

test('serveUrl', () => {
  const rows: Array<[string, number, string]> = [
    ['127.0.0.1', 8393, 'http://localhost:8393'],
    ['::1', 8393, 'http://localhost:8393'],
    ['0.0.0.0', 8393, 'http://0.0.0.0:8393 (http://localhost:8393)'],
    ['192.168.1.5', 5000, 'http://192.168.1.5:5000'],
    ['fe80::1', 5000, 'http://[fe80::1]:5000'],
  ];
  for (const [host, port, want] of rows) assert.equal(serveUrl(host, port), want, host);
});

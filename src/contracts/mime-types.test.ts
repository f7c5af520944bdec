import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extensionOf, mimeTypeOf } from './mime-types.ts';

test('MIME type by extension: case-insensitive, octet-stream when unknown or absent', () => {
  const rows: [string, string][] = [
    ['a.PNG', 'image/png'],
    ['/tmp/x.y/out.jpeg', 'image/jpeg'],
    ['model.glb', 'model/gltf-binary'],
    ['icon.ico', 'image/vnd.microsoft.icon'],
    ['a.weird', 'application/octet-stream'],
    ['/tmp/x.y/noext', 'application/octet-stream'],
    ['.png', 'application/octet-stream'],
  ];
  for (const [name, mime] of rows) assert.equal(mimeTypeOf(name), mime, name);
});

test('extension by MIME type: parameters ignored, aliases read back, nothing for octet-stream', () => {
  const rows: [string, string][] = [
    ['image/jpeg; q=1', '.jpg'],
    ['TEXT/PLAIN;charset=utf-8', '.txt'],
    ['image/x-icon', '.ico'],
    ['image/vnd.microsoft.icon', '.ico'],
    ['application/octet-stream', ''],
    ['', ''],
    ['application/x-unknown', ''],
  ];
  for (const [mime, extension] of rows) assert.equal(extensionOf(mime), extension, mime);
});

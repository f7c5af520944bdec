import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unsupportedNodeMessage } from './node-version.ts';

test('Node.js 22 and newer are supported; older or unreadable versions get one line', () => {
  for (const v of ['v22.0.0', 'v22.12.1', 'v24.21.0', 'v30.1.2'])
    assert.equal(unsupportedNodeMessage(v), undefined, v);
  for (const v of ['v20.20.2', 'v18.0.0', 'v21.9.9', 'garbage']) {
    const message = unsupportedNodeMessage(v);
    assert.ok(message, v);
    assert.match(
      message,
      new RegExp(`^cog needs Node.js 22 or newer, but this is Node.js ${v}: install`),
    );
    assert.doesNotMatch(message, /\n/);
  }
});

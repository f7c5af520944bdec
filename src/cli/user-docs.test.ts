import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { userGuidePage } from './user-docs.ts';

test('the user guide beside the bundle (dist/docs) or in the checkout', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cog-user-docs-'));
  try {
    mkdirSync(path.join(dir, 'dist', 'docs', 'user'), { recursive: true });
    mkdirSync(path.join(dir, 'dist', 'chunks'), { recursive: true });
    writeFileSync(path.join(dir, 'dist', 'docs', 'user', 'getting-started.md'), '# x\n');
    const page = path.join(dir, 'dist', 'docs', 'user', 'getting-started.md');
    assert.equal(userGuidePage('getting-started.md', path.join(dir, 'dist')), page);
    assert.equal(userGuidePage('getting-started.md', path.join(dir, 'dist', 'chunks')), page);
    assert.equal(userGuidePage('nope.md', path.join(dir, 'dist')), 'docs/user/nope.md');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // From source: this checkout's docs/user.
  assert.match(userGuidePage('getting-started.md'), /docs\/user\/getting-started\.md$/);
  assert.ok(path.isAbsolute(userGuidePage('getting-started.md')));
});

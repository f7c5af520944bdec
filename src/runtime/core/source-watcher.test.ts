// What --watch reacts to (table), and the watcher on a real directory tree.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { isWatchedPath, SourceWatcher } from './source-watcher.ts';

describe('isWatchedPath', () => {
  const cases: Array<[string, boolean]> = [
    ['run.py', true],
    ['lib/helpers.py', true],
    ['weights/config.json', true],
    ['.git/index', false],
    ['.cog/build/Dockerfile', false],
    ['__pycache__/run.cpython-312.pyc', false],
    ['lib/__pycache__/x.pyc', false],
    ['node_modules/x/index.js', false],
    ['cog.yaml', false],
    ['sub/cog.yaml', true],
    ['run.py~', false],
    ['.run.py.swp', false],
    ['4913', false],
    ['', false],
  ];
  for (const [relative, expected] of cases)
    test(`${relative || '(root)'} → ${expected}`, () =>
      assert.equal(isWatchedPath(relative), expected));
});

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('SourceWatcher', () => {
  test('one debounced callback per burst; new directories are watched; ignored trees are not', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'cog-watch-'));
    mkdirSync(path.join(root, '.git'));
    mkdirSync(path.join(root, 'lib'));
    const changes: string[][] = [];
    const watcher = new SourceWatcher({
      root,
      debounceMs: 30,
      onChange: (paths) => changes.push(paths),
      warn: (message) => assert.fail(message),
    });
    try {
      assert.equal(watcher.watchedDirectories, 2, 'the root and lib, not .git');
      writeFileSync(path.join(root, 'run.py'), 'a');
      writeFileSync(path.join(root, 'lib', 'x.py'), 'b');
      writeFileSync(path.join(root, '.git', 'index'), 'c');
      await until(() => changes.length === 1, 'the first change');
      assert.deepEqual(changes[0], ['lib/x.py', 'run.py']);
      mkdirSync(path.join(root, 'pkg'));
      await until(() => changes.length === 2, 'the new directory');
      writeFileSync(path.join(root, 'pkg', 'm.py'), 'd');
      await until(() => changes.length === 3, 'a file in the new directory');
      assert.deepEqual(changes[2], ['pkg/m.py']);
      writeFileSync(path.join(root, 'cog.yaml'), 'build: {}');
      mkdirSync(path.join(root, '__pycache__'));
      writeFileSync(path.join(root, '__pycache__', 'run.pyc'), 'e');
      await new Promise((resolve) => setTimeout(resolve, 150));
      assert.equal(changes.length, 3, `ignored changes reported: ${JSON.stringify(changes)}`);
    } finally {
      watcher.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

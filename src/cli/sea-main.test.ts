import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { extractDist, SEA_MANIFEST } from './sea-main.ts';

function assets(files: Record<string, string>): (name: string) => ArrayBuffer {
  const all: Record<string, string> = {
    ...files,
    [SEA_MANIFEST]: JSON.stringify(Object.keys(files)),
  };
  return (name) => {
    const text = all[name];
    if (text === undefined) throw new Error(`no asset ${name}`);
    return new TextEncoder().encode(text).buffer;
  };
}

test('the embedded dist/ is written once per build id, sub-directories included', async () => {
  const cache = await mkdtemp(path.join(tmpdir(), 'cog-sea-'));
  try {
    const files = { 'cog.mjs': 'main', 'chunks/a.mjs': 'chunk', 'coglet.mjs': 'server' };
    const dir = extractDist(cache, 'abc', assets(files));
    assert.equal(dir, path.join(cache, 'cog', 'sea-abc'));
    assert.equal(await readFile(path.join(dir, 'chunks', 'a.mjs'), 'utf8'), 'chunk');
    assert.equal(await readFile(path.join(dir, 'cog.mjs'), 'utf8'), 'main');
    // A second start reads nothing: the directory is already complete.
    const again = extractDist(cache, 'abc', () => {
      throw new Error('read an asset again');
    });
    assert.equal(again, dir);
    assert.deepEqual(await readdir(path.join(cache, 'cog')), ['sea-abc']);
  } finally {
    await rm(cache, { recursive: true, force: true });
  }
});

test('a failed extraction leaves no partial directory behind', async () => {
  const cache = await mkdtemp(path.join(tmpdir(), 'cog-sea-'));
  try {
    const broken = assets({ 'cog.mjs': 'main' });
    assert.throws(() =>
      extractDist(cache, 'x', (name) =>
        name === 'cog.mjs' ? assets({})('missing') : broken(name),
      ),
    );
    assert.deepEqual(await readdir(path.join(cache, 'cog')), []);
  } finally {
    await rm(cache, { recursive: true, force: true });
  }
});

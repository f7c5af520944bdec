import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileCacheDir, enableCompileCache } from './compile-cache.ts';

test('compileCacheDir: NODE_COMPILE_CACHE, then XDG_CACHE_HOME, then ~/.cache; none without a home', () => {
  assert.equal(compileCacheDir({ NODE_COMPILE_CACHE: '/c', HOME: '/h' }), '/c');
  assert.equal(compileCacheDir({ XDG_CACHE_HOME: '/x', HOME: '/h' }), '/x/cog/compile-cache');
  assert.equal(compileCacheDir({ HOME: '/h' }), '/h/.cache/cog/compile-cache');
  assert.equal(compileCacheDir({ XDG_CACHE_HOME: '', HOME: '/h' }), '/h/.cache/cog/compile-cache');
  assert.equal(compileCacheDir({}), undefined);
});

test('enableCompileCache passes the directory to node:module, and never throws', () => {
  const calls: Array<string | undefined> = [];
  const fake = (id: string) => {
    assert.equal(id, 'node:module');
    return { enableCompileCache: (dir?: string) => calls.push(dir) };
  };
  enableCompileCache({ HOME: '/h' }, fake);
  enableCompileCache({ HOME: '/h', NODE_DISABLE_COMPILE_CACHE: '1' }, fake);
  enableCompileCache({}, fake);
  enableCompileCache({ HOME: '/h' }, undefined);
  assert.deepEqual(calls, ['/h/.cache/cog/compile-cache']);
  const throwing = () => ({
    enableCompileCache: () => {
      throw new Error('read-only file system');
    },
  });
  assert.doesNotThrow(() => enableCompileCache({ HOME: '/h' }, throwing));
  assert.doesNotThrow(() => enableCompileCache({ HOME: '/h' }, () => ({})));
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileCacheDir, enableCompileCache, importCompiledEagerly } from './compile-cache.ts';

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

test('enableCompileCache reports whether the cache is on', () => {
  const compileCacheStatus = { FAILED: 0, ENABLED: 1, ALREADY_ENABLED: 2, DISABLED: 3 };
  const withStatus = (status: number) => () => ({
    enableCompileCache: () => ({ status }),
    constants: { compileCacheStatus },
  });
  assert.equal(enableCompileCache({ HOME: '/h' }, withStatus(1)), true);
  assert.equal(enableCompileCache({ HOME: '/h' }, withStatus(2)), true);
  assert.equal(enableCompileCache({ HOME: '/h' }, withStatus(0)), false);
  assert.equal(enableCompileCache({ HOME: '/h' }, withStatus(3)), false);
  assert.equal(
    enableCompileCache({ HOME: '/h', NODE_DISABLE_COMPILE_CACHE: '1' }, withStatus(1)),
    false,
  );
  assert.equal(
    enableCompileCache({ HOME: '/h' }, () => ({ enableCompileCache: () => undefined })),
    false,
  );
  assert.equal(
    enableCompileCache({ HOME: '/h' }, () => ({})),
    false,
  );
});

test('importCompiledEagerly turns lazy compilation off for the load only, when the cache is on', async () => {
  const flags: string[] = [];
  const v8 = () => ({ setFlagsFromString: (f: string) => void flags.push(f) });
  const load = async () => {
    flags.push('load');
    return 42;
  };
  assert.equal(await importCompiledEagerly(load, { cacheOn: true, nodeFlags: [], v8 }), 42);
  assert.deepEqual(flags, ['--no-lazy', 'load', '--lazy']);

  flags.length = 0;
  await importCompiledEagerly(load, { cacheOn: false, nodeFlags: [], v8 });
  await importCompiledEagerly(load, { cacheOn: true, nodeFlags: ['--max-lazy'], v8 });
  await importCompiledEagerly(load, { cacheOn: true, nodeFlags: ['--no-lazy --trace'], v8 });
  await importCompiledEagerly(load, { cacheOn: true, nodeFlags: [], v8: undefined });
  assert.deepEqual(flags, ['load', 'load', 'load', 'load']);

  flags.length = 0;
  const failing = () => Promise.reject(new Error('no such chunk'));
  await assert.rejects(
    importCompiledEagerly(failing, { cacheOn: true, nodeFlags: [], v8 }),
    /no such chunk/,
  );
  assert.deepEqual(flags, ['--no-lazy', '--lazy']);
});

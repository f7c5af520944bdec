import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumpSchemaCommand } from './schema-extract.ts';

test('the schema is dumped by the runtime itself, in the mode of the model', () => {
  const base = ['python', '-m', 'cog.server.http', '--dump-schema'];
  // Predict mode also covers predict + train: the runtime prints the merged document.
  assert.deepEqual(dumpSchemaCommand('predict', 'python'), base);
  assert.deepEqual(dumpSchemaCommand('train', 'python'), [...base, '--x-mode', 'train']);
});

test('a Node model has no Python: its schema comes from node running coglet.mjs', () => {
  const base = [
    'node',
    '--max-semi-space-size=1',
    '--no-opt',
    '--no-maglev',
    '--expose-gc',
    '/usr/local/lib/cog/coglet.mjs',
    '--dump-schema',
  ];
  assert.deepEqual(dumpSchemaCommand('predict', 'node'), base);
  assert.deepEqual(dumpSchemaCommand('train', 'node'), [...base, '--x-mode', 'train']);
});

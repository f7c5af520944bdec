import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumpSchemaCommand } from './schema-extract.ts';

test('the schema is dumped by the runtime itself, in the mode of the model', () => {
  const base = ['python', '-m', 'cog.server.http', '--dump-schema'];
  // Predict mode also covers predict + train: the runtime prints the merged document.
  assert.deepEqual(dumpSchemaCommand('predict'), base);
  assert.deepEqual(dumpSchemaCommand('train'), [...base, '--x-mode', 'train']);
});

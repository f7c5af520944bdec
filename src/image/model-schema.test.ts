import { test } from 'node:test';
import assert from 'node:assert/strict';
import { schemaRun } from './model-schema.ts';

test('schemaRun: which document the image is asked for', () => {
  const both = { predict: 'run.py:Runner', train: 'train.py:train' };
  assert.deepEqual(schemaRun(both, undefined), { mode: 'predict', merged: true });
  assert.deepEqual(schemaRun(both, 'predict'), { mode: 'predict', merged: true });
  // cog train loads only the training file, so a broken run.py does not stop training.
  assert.deepEqual(schemaRun(both, 'train'), { mode: 'train', merged: false });
  assert.deepEqual(schemaRun({ predict: 'run.py:Runner' }, undefined), {
    mode: 'predict',
    merged: false,
  });
  assert.deepEqual(schemaRun({ train: 'train.py:train' }, undefined), {
    mode: 'train',
    merged: false,
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeSchemas } from './schema-extract.ts';

test('mergeSchemas adds training paths and components where absent', () => {
  const predict = { paths: { '/predictions': { post: 1 } }, components: { schemas: { Input: 'p', Output: 'p' } } };
  const train = { paths: { '/trainings': { post: 2 }, '/predictions': { post: 3 } }, components: { schemas: { TrainingInput: 't', Input: 't' } } };
  assert.deepEqual(mergeSchemas(predict, train), {
    paths: { '/predictions': { post: 1 }, '/trainings': { post: 2 } },
    components: { schemas: { Input: 'p', Output: 'p', TrainingInput: 't' } },
  });
  assert.deepEqual(predict.paths, { '/predictions': { post: 1 } }, 'input not mutated');
});

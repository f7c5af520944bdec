import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asTrainingSchema, mergeSchemas } from './schema-extract.ts';

test('mergeSchemas adds training paths and components where absent', () => {
  const predict = {
    paths: { '/predictions': { post: 1 } },
    components: { schemas: { Input: 'p', Output: 'p' } },
  };
  const train = {
    paths: { '/trainings': { post: 2 }, '/predictions': { post: 3 } },
    components: { schemas: { TrainingInput: 't', Input: 't' } },
  };
  assert.deepEqual(mergeSchemas(predict, train), {
    paths: { '/predictions': { post: 1 }, '/trainings': { post: 2 } },
    components: { schemas: { Input: 'p', Output: 'p', TrainingInput: 't' } },
  });
  assert.deepEqual(predict.paths, { '/predictions': { post: 1 } }, 'input not mutated');
});

test('asTrainingSchema renames a predict-style dump', () => {
  const dumped = {
    paths: {
      '/predictions': {
        post: { responses: { '200': { $ref: '#/components/schemas/PredictionResponse' } } },
      },
      '/predictions/{id}': {},
    },
    components: {
      schemas: {
        Input: { type: 'object' },
        Output: { type: 'string' },
        PredictionResponse: { properties: { output: { $ref: '#/components/schemas/Output' } } },
      },
    },
  };
  assert.deepEqual(asTrainingSchema(dumped), {
    paths: {
      '/trainings': {
        post: { responses: { '200': { $ref: '#/components/schemas/TrainingResponse' } } },
      },
      '/trainings/{id}': {},
    },
    components: {
      schemas: {
        TrainingInput: { type: 'object' },
        TrainingOutput: { type: 'string' },
        TrainingResponse: {
          properties: { output: { $ref: '#/components/schemas/TrainingOutput' } },
        },
      },
    },
  });
  const already = { components: { schemas: { TrainingInput: {} } } };
  assert.equal(asTrainingSchema(already), already);
});

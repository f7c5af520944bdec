// The document skeleton: fixed parts (checked whole against the Python SDK in
// python-equivalence.test.ts), here the rules around them: enum clashes, the streaming flag,
// and merging.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildDocument,
  ComponentClashError,
  mergeDocuments,
  type OpenApiDocument as JsonObject,
} from './openapi-document.ts';

const version = '0.22.0';

const input = { type: 'object', title: 'Input', properties: {} };
const output = { title: 'Output', type: 'string' };
const post = (doc: JsonObject, at: string): JsonObject =>
  ((doc.paths as JsonObject)[at] as JsonObject).post as JsonObject;

describe('buildDocument', () => {
  it('orders components as Python: Input, Output, enums, request, response, fixed ones', () => {
    const enums = {
      mode: { title: 'mode', description: 'An enumeration.', enum: ['a'], type: 'string' },
    };
    const doc = buildDocument({
      version,
      mode: 'predict',
      inputSchema: input,
      outputSchema: output,
      enums,
    });
    const names = Object.keys((doc.components as JsonObject).schemas as JsonObject);
    assert.deepEqual(names, [
      'Input',
      'Output',
      'mode',
      'PredictionRequest',
      'PredictionResponse',
      'Status',
      'WebhookEvent',
      'HTTPValidationError',
      'ValidationError',
    ]);
    const info = doc.info as { title: string; version: string };
    assert.equal(info.title, 'Cog');
    assert.equal(info.version, '0.22.0');
  });

  for (const name of ['Status', 'Input', 'PredictionRequest', 'ValidationError']) {
    it(`a choices input named ${name} clashes`, () => {
      assert.throws(
        () =>
          buildDocument({
            version,
            mode: 'predict',
            inputSchema: input,
            outputSchema: output,
            enums: { [name]: {} },
          }),
        (error: unknown) => error instanceof ComponentClashError && error.input === name,
      );
    });
  }

  it('x-cog-streaming only when streaming in predict mode', () => {
    const streaming = buildDocument({
      version,
      mode: 'predict',
      inputSchema: input,
      outputSchema: output,
      enums: {},
      streaming: true,
    });
    assert.equal(post(streaming, '/predictions')['x-cog-streaming'], true);
    const plain = buildDocument({
      version,
      mode: 'predict',
      inputSchema: input,
      outputSchema: output,
      enums: {},
    });
    assert.equal('x-cog-streaming' in post(plain, '/predictions'), false);
    const train = buildDocument({
      version,
      mode: 'train',
      inputSchema: input,
      outputSchema: output,
      enums: {},
      streaming: true,
    });
    assert.equal('x-cog-streaming' in post(train, '/trainings'), false);
  });
});

describe('mergeDocuments', () => {
  it('adds what the predict document lacks, keeps its own on collisions, changes neither input', () => {
    const predict = buildDocument({
      version,
      mode: 'predict',
      inputSchema: input,
      outputSchema: output,
      enums: { size: { from: 'predict' } },
    });
    const train = buildDocument({
      version,
      mode: 'train',
      inputSchema: { ...input, title: 'TrainingInput' },
      outputSchema: { title: 'TrainingOutput', type: 'number' },
      enums: { size: { from: 'train' } },
    });
    const before = JSON.stringify([predict, train]);
    const merged = mergeDocuments(predict, train);
    assert.equal(JSON.stringify([predict, train]), before);
    const schemas = (merged.components as JsonObject).schemas as JsonObject;
    assert.deepEqual(schemas.size, { from: 'predict' });
    assert.deepEqual(schemas.TrainingOutput, { title: 'TrainingOutput', type: 'number' });
    assert.deepEqual(Object.keys(merged.paths as JsonObject), [
      '/',
      '/health-check',
      '/predictions',
      '/predictions/{prediction_id}',
      '/predictions/{prediction_id}/cancel',
      '/shutdown',
      '/trainings',
      '/trainings/{training_id}',
      '/trainings/{training_id}/cancel',
    ]);
  });

  it('a train document without paths adds only its components', () => {
    const predict = buildDocument({
      version,
      mode: 'predict',
      inputSchema: input,
      outputSchema: output,
      enums: {},
    });
    const merged = mergeDocuments(predict, {
      components: { schemas: { Extra: { type: 'string' } } },
    });
    assert.deepEqual(((merged.components as JsonObject).schemas as JsonObject).Extra, {
      type: 'string',
    });
    assert.deepEqual(merged.paths, predict.paths);
  });
});

describe('mergeDocuments of any documents', () => {
  it('adds training paths and components where absent; the predict version wins', () => {
    const predict = {
      paths: { '/': 'p-root', '/predictions': 'p' },
      components: { schemas: { Input: 'pi', Status: 'p-status' } },
    };
    const train = {
      paths: { '/': 't-root', '/trainings': 't' },
      components: { schemas: { TrainingInput: 'ti', Status: 't-status' } },
    };
    const merged = mergeDocuments(predict, train);
    assert.deepEqual(merged, {
      paths: { '/': 'p-root', '/predictions': 'p', '/trainings': 't' },
      components: { schemas: { Input: 'pi', Status: 'p-status', TrainingInput: 'ti' } },
    });
    assert.equal(Object.keys(predict.paths).length, 2, 'the inputs are not modified');
  });

  it('a sparse predict document still receives the training parts', () => {
    assert.deepEqual(mergeDocuments({}, { paths: { '/trainings': 1 } }), {
      paths: { '/trainings': 1 },
      components: { schemas: {} },
    });
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { functionsFor } from './function-catalogue.ts';
import { openapiOf } from '../../colonies/cog-function.ts';

const schema = {
  openapi: '3.0.2',
  components: {
    schemas: {
      Input: {
        type: 'object',
        required: ['text'],
        properties: {
          text: { type: 'string', description: 'who' },
          image: { type: 'string', format: 'uri' },
          mode: { allOf: [{ $ref: '#/components/schemas/mode' }] },
          n: { type: 'integer', enum: [1, 2] },
        },
      },
      TrainingInput: { type: 'object', properties: { data: { type: 'string', format: 'uri' } } },
    },
  },
};

test('predict and train entries with flat args and the whole document', () => {
  const entries = functionsFor(schema, { hasTraining: true, version: '0.22.0' });
  assert.deepEqual(
    entries.map((e) => [e.funcname, e.args]),
    [
      [
        'predict',
        [
          { name: 'text', type: 'string', description: 'who', required: true },
          { name: 'image', type: 'file', required: false },
          { name: 'mode', type: 'enum', required: false },
          { name: 'n', type: 'integer', required: false, enum: [1, 2] },
        ],
      ],
      ['train', [{ name: 'data', type: 'file', required: false }]],
    ],
  );
  assert.deepEqual(openapiOf(entries[0] ?? {}), schema);
});

test('a foreign catalogue entry has no Cog document', () => {
  assert.equal(openapiOf({ description: 'echo function' }), null);
  assert.equal(openapiOf({ description: 'cog-openapi/1 {broken' }), null);
  assert.equal(openapiOf({}), null);
});

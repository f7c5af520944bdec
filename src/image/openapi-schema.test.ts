import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  acceptsType,
  concreteType,
  deref,
  hasInputProperties,
  inputComponent,
  isFileSchema,
  isIteratorSchema,
  itemSchema,
  outputSchema,
  supportsStreaming,
} from './openapi-schema.ts';

const doc = {
  paths: {
    '/predictions': {
      post: {
        'x-cog-streaming': true,
        responses: {
          '200': {
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/PredictionResponse' } },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Input: {
        type: 'object',
        properties: { size: { allOf: [{ $ref: '#/components/schemas/size' }] } },
      },
      size: { enum: ['s', 'm'], type: 'string' },
      Output: {
        type: 'array',
        items: { type: 'string', format: 'uri' },
        'x-cog-array-type': 'iterator',
      },
      PredictionResponse: { properties: { output: { $ref: '#/components/schemas/Output' } } },
    },
  },
};

test('deref follows local refs and stops on cycles', () => {
  assert.deepEqual(deref({ $ref: '#/components/schemas/size' }, doc), {
    enum: ['s', 'm'],
    type: 'string',
  });
  assert.equal(deref({ $ref: '#/components/schemas/missing' }, doc), undefined);
  const cyclic = { components: { schemas: { A: { $ref: '#/components/schemas/A' } } } };
  assert.deepEqual(deref({ $ref: '#/components/schemas/A' }, cyclic), {
    $ref: '#/components/schemas/A',
  });
});

test('acceptsType and concreteType through unions', () => {
  const rows: Array<[object, string, boolean]> = [
    [{ type: 'integer' }, 'integer', true],
    [{ type: 'number' }, 'integer', true],
    [{ type: 'integer' }, 'number', false],
    [{ anyOf: [{ type: 'string' }, { type: 'boolean' }] }, 'boolean', true],
    [{ allOf: [{ $ref: '#/components/schemas/size' }] }, 'string', true],
    [{ type: ['string', 'null'] }, 'null', true],
  ];
  for (const [schema, type, want] of rows)
    assert.equal(acceptsType(schema, type, doc), want, `${JSON.stringify(schema)} ${type}`);
  assert.equal(concreteType({ allOf: [{ $ref: '#/components/schemas/size' }] }, doc), 'string');
  assert.equal(concreteType({ anyOf: [{ type: 'array' }, { type: 'string' }] }, doc), 'array');
  assert.equal(concreteType({}, doc), undefined);
});

test('itemSchema', () => {
  assert.deepEqual(itemSchema({ type: 'array', items: { type: 'integer' } }, doc), {
    type: 'integer',
  });
  assert.deepEqual(
    itemSchema(
      {
        anyOf: [
          { type: 'array', items: { type: 'integer' } },
          { type: 'array', items: { type: 'string' } },
        ],
      },
      doc,
    ),
    { anyOf: [{ type: 'integer' }, { type: 'string' }] },
  );
  assert.equal(itemSchema({ type: 'string' }, doc), undefined);
});

test('components, output schema and flags', () => {
  assert.equal(hasInputProperties(doc, 'predict'), true);
  assert.equal(
    hasInputProperties({ components: { schemas: { Input: { type: 'object' } } } }, 'predict'),
    false,
  );
  assert.throws(
    () => inputComponent(undefined, 'predict'),
    /OpenAPI schema is required to validate inputs/,
  );
  assert.throws(() => inputComponent({}, 'predict'), /OpenAPI schema is missing components/);
  assert.throws(
    () => inputComponent({ components: { schemas: {} } }, 'predict'),
    /OpenAPI schema is missing Input component/,
  );
  const output = outputSchema(doc, 'predict');
  assert.equal(isIteratorSchema(output, doc), true);
  assert.equal(isFileSchema(itemSchema(output, doc), doc), true);
  assert.equal(supportsStreaming(doc), true);
  assert.throws(
    () => outputSchema(doc, 'train'),
    /invalid OpenAPI schema: missing output definition for \/trainings/,
  );
});

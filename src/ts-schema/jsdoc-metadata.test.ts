// Table test: JSDoc on an input property → the metadata keys of its schema property, in the
// Python SDK's key order (description, minimum, maximum, minLength, maxLength, pattern,
// deprecated, x-cog-accept).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  extractFromSources,
  inputComponentOf,
  inputSource,
  ordered,
  schemas,
} from './extract-fixture.test-support.ts';
import type { JsonObject } from './input-type.ts';

interface Row {
  name: string;
  doc: string;
  type: string;
  expected: JsonObject;
  enumComponent?: JsonObject;
}

const rows: Row[] = [
  {
    name: 'comment text is the description',
    doc: '/** The prompt. */',
    type: 'string',
    expected: { type: 'string', description: 'The prompt.' },
  },
  {
    name: 'a multi-line comment keeps its lines',
    doc: '/**\n * First line.\n * Second line.\n */',
    type: 'string',
    expected: { type: 'string', description: 'First line.\nSecond line.' },
  },
  {
    name: '@description wins over the text',
    doc: '/** ignored\n * @description Used. */',
    type: 'string',
    expected: { type: 'string', description: 'Used.' },
  },
  {
    name: '@minimum/@maximum',
    doc: '/** @minimum 0.5 @maximum 2 */',
    type: 'number',
    expected: { type: 'number', minimum: 0.5, maximum: 2 },
  },
  {
    name: '@ge/@le are aliases',
    doc: '/** @ge 1 @le 10 */',
    type: 'Integer',
    expected: { type: 'integer', minimum: 1, maximum: 10 },
  },
  {
    name: '@minLength/@maxLength/@pattern',
    doc: '/** @minLength 1 @maxLength 8 @pattern ^[a-z]+$ */',
    type: 'string',
    expected: { type: 'string', minLength: 1, maxLength: 8, pattern: '^[a-z]+$' },
  },
  {
    name: '@regex is an alias',
    doc: '/** @regex \\d+ */',
    type: 'string',
    expected: { type: 'string', pattern: '\\d+' },
  },
  {
    name: 'bounds of an array go on its items',
    doc: '/** @minimum 1 */',
    type: 'number[]',
    expected: { type: 'array', items: { type: 'number', minimum: 1 } },
  },
  {
    name: '@deprecated',
    doc: '/** Old. @deprecated */',
    type: 'boolean',
    expected: { type: 'boolean', description: 'Old.', deprecated: true },
  },
  {
    name: '@accept on a Path',
    doc: '/** @accept .zip,.tar */',
    type: 'Path',
    expected: { type: 'string', format: 'uri', 'x-cog-accept': '.zip,.tar' },
  },
  {
    name: '@choices makes an enum component',
    doc: '/** Size. @choices [512, 768] @default 512 */',
    type: 'Integer',
    expected: { allOf: [{ $ref: '#/components/schemas/x' }], default: 512, description: 'Size.' },
    enumComponent: {
      title: 'x',
      description: 'An enumeration.',
      enum: [512, 768],
      type: 'integer',
    },
  },
  {
    name: '@default takes any JSON literal',
    doc: '/** @default {"a": [1, true]} */',
    type: 'Record<string, unknown>',
    expected: { type: 'object', default: { a: [1, true] } },
  },
];

describe('JSDoc metadata', () => {
  for (const row of rows) {
    it(row.name, async () => {
      const doc = await extractFromSources({
        'run.ts': inputSource(`${row.doc}\nx: ${row.type};`),
      });
      const property = (inputComponentOf(doc).properties as JsonObject).x as JsonObject;
      const { 'x-order': _order, title: _title, ...rest } = property;
      assert.equal(ordered(rest), ordered(row.expected));
      assert.equal(ordered(schemas(doc).x), ordered(row.enumComponent));
    });
  }
});

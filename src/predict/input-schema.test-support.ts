// The Input schema the `-i` coercion and the input pipeline tests share: one of each kind of
// property the CLI coerces (scalars, enums by $ref, lists, files, objects, unions, nullable).
import type { OpenApiDocument } from '../contracts/openapi-document.ts';

export const INPUT_TEST_DOC: OpenApiDocument = {
  openapi: '3.0.2',
  components: {
    schemas: {
      Input: {
        type: 'object',
        required: ['prompt'],
        properties: {
          prompt: { type: 'string', minLength: 1 },
          count: { type: 'integer', minimum: 1, maximum: 10 },
          scale: { type: 'number' },
          flag: { type: 'boolean' },
          size: { allOf: [{ $ref: '#/components/schemas/size' }] },
          tags: { type: 'array', items: { type: 'string' } },
          nums: { type: 'array', items: { type: 'integer' } },
          files: { type: 'array', items: { type: 'string', format: 'uri' } },
          image: { type: 'string', format: 'uri' },
          opts: { type: 'object', properties: { scale: { type: 'number' } }, required: ['scale'] },
          strOrBigInt: { anyOf: [{ type: 'string' }, { type: 'integer', minimum: 10 }] },
          intOrFloat: { anyOf: [{ type: 'integer' }, { type: 'number' }] },
          floatOrStr: { anyOf: [{ type: 'number' }, { type: 'string' }] },
          seed: { type: 'integer', nullable: true },
        },
      },
      size: { title: 'size', enum: ['small', 'medium', 'large'], type: 'string' },
    },
  },
};

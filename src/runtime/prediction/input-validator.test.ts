import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputValidator } from './input-validator.ts';

const document = {
  components: {
    schemas: {
      Input: {
        type: 'object',
        title: 'Input',
        required: ['prompt', 'count'],
        properties: {
          prompt: { type: 'string', minLength: 1, maxLength: 5, pattern: '^[a-z]+$', 'x-order': 0 },
          count: { type: 'integer', minimum: 1, maximum: 10 },
          ratio: { type: 'number', default: 0.5 },
          tags: {
            type: 'array',
            items: { type: 'string' },
            minItems: 2,
            maxItems: 3,
            default: ['x', 'y'],
          },
          mode: { allOf: [{ $ref: '#/components/schemas/mode' }], default: 'fast' },
          seed: { type: 'integer', nullable: true },
          either: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
          key: {
            type: 'string',
            format: 'password',
            writeOnly: true,
            'x-cog-secret': true,
            nullable: true,
          },
        },
      },
      mode: {
        title: 'mode',
        description: 'An enumeration.',
        enum: ['fast', 'slow'],
        type: 'string',
      },
    },
  },
};

const validator = new InputValidator(document, 'Input');

function messages(input: unknown): [string, string][] {
  const result = validator.validate(input);
  assert.equal(result.ok, false);
  return result.ok ? [] : result.detail.map((d) => [String(d.loc[2]), d.msg]);
}

describe('InputValidator', () => {
  const cases: [string, Record<string, unknown>, [string, string][]][] = [
    ['type', { count: 'x' }, [['count', '"x" is not of type "integer"']]],
    ['minimum', { count: 0 }, [['count', '0 is less than the minimum of 1']]],
    ['maximum', { count: 11 }, [['count', '11 is greater than the maximum of 10']]],
    [
      'minLength (singular)',
      { prompt: '' },
      [
        ['prompt', '"" is shorter than 1 character'],
        ['prompt', '"" does not match "^[a-z]+$"'],
      ],
    ],
    [
      'maxLength (plural)',
      { prompt: 'abcdef' },
      [['prompt', '"abcdef" is longer than 5 characters']],
    ],
    ['pattern', { prompt: 'A' }, [['prompt', '"A" does not match "^[a-z]+$"']]],
    ['enum via $ref', { mode: 'medium' }, [['mode', '"medium" is not one of ["fast","slow"]']]],
    ['array item', { tags: ['a', 1] }, [['tags/1', '1 is not of type "string"']]],
    ['minItems', { tags: ['a'] }, [['tags', '["a"] has less than 2 items']]],
    [
      'maxItems',
      { tags: ['a', 'b', 'c', 'd'] },
      [['tags', '["a","b","c","d"] has more than 3 items']],
    ],
    // JSON.parse('1e999') is Infinity: no number, or it would reach the worker as null.
    ['Infinity', { ratio: Infinity }, [['ratio', 'Infinity is not of type "number"']]],
    ['-Infinity', { count: -Infinity }, [['count', '-Infinity is not of type "integer"']]],
    [
      'anyOf',
      { either: 1.5 },
      [['either', "1.5 is not valid under any of the schemas listed in the 'anyOf' keyword"]],
    ],
  ];
  for (const [name, extra, expected] of cases) {
    test(`${name}: message text and loc`, () => {
      assert.deepEqual(messages({ prompt: 'ab', count: 2, ...extra }), expected);
    });
  }

  test('missing required fields come first, one per field, in schema order', () => {
    const result = validator.validate({ count: 99 });
    assert.deepEqual(result.ok ? null : result.detail, [
      { loc: ['body', 'input', 'prompt'], msg: 'Field required', type: 'value_error.missing' },
      {
        loc: ['body', 'input', 'count'],
        msg: '99 is greater than the maximum of 10',
        type: 'value_error',
      },
    ]);
  });

  test('unknown keys are stripped; defaults are filled; omitted nullable inputs become null', () => {
    const result = validator.validate({ prompt: 'ab', count: 2, bogus: true });
    assert.deepEqual(result, {
      ok: true,
      stripped: ['bogus'],
      input: {
        prompt: 'ab',
        count: 2,
        ratio: 0.5,
        tags: ['x', 'y'],
        mode: 'fast',
        seed: null,
        key: null,
      },
    });
  });

  test('secret inputs are masked in the echo, not in the validated input', () => {
    const result = validator.validate({ prompt: 'ab', count: 2, key: 'hunter2' });
    assert.ok(result.ok);
    assert.equal(result.input.key, 'hunter2');
    assert.equal(validator.maskSecrets(result.input).key, '**********');
    assert.equal(validator.maskSecrets({ key: null }).key, null);
  });

  test('defaults are copies, not shared between predictions', () => {
    const first = validator.validate({ prompt: 'ab', count: 2 });
    assert.ok(first.ok);
    (first.input.tags as string[]).push('mutated');
    const second = validator.validate({ prompt: 'ab', count: 2 });
    assert.deepEqual(second.ok && second.input.tags, ['x', 'y']);
  });

  test('an explicit null is accepted for a nullable input (the original rejected it)', () => {
    assert.equal(validator.validate({ prompt: 'ab', count: 2, seed: null }).ok, true);
    assert.deepEqual(messages({ prompt: 'ab', count: null }), [
      ['count', 'null is not of type "integer"'],
    ]);
  });

  test('1.0 counts as an integer, 1 as a number', () => {
    assert.equal(validator.validate(JSON.parse('{"prompt":"ab","count":2.0,"ratio":1}')).ok, true);
  });

  test('an input that is not an object is reported at __root__', () => {
    assert.deepEqual(messages('text'), [['__root__', '"text" is not of type "object"']]);
  });

  test('a document without an Input component accepts nothing but strips everything', () => {
    const empty = new InputValidator({}, 'Input');
    assert.deepEqual(empty.validate({ a: 1 }), { ok: true, stripped: ['a'], input: {} });
  });
});

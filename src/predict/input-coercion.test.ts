import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coerceFlagValues } from './input-coercion.ts';
import { FileInput, parseInputFlags } from './input-values.ts';
import { INPUT_TEST_DOC as doc } from './input-schema.test-support.ts';

const typed = (values: string[]): Record<string, unknown> =>
  coerceFlagValues(parseInputFlags(values).values, doc, 'predict');

test('-i coercion table', () => {
  const rows: Array<[string, string[], Record<string, unknown>]> = [
    ['string stays string', ['prompt=hello'], { prompt: 'hello' }],
    ['value may contain =', ['prompt=a=b'], { prompt: 'a=b' }],
    ['surrounding quotes stripped', ['prompt="hi there"'], { prompt: 'hi there' }],
    ['lone quote kept', ['prompt="'], { prompt: '"' }],
    ['integer', ['count=3'], { count: 3 }],
    ['integer input given a float stays a string', ['count=1.5'], { count: '1.5' }],
    ['number given an integer stays an integer', ['scale=10'], { scale: 10 }],
    ['float', ['scale=0.25'], { scale: 0.25 }],
    ['booleans only true/false', ['flag=true'], { flag: true }],
    ['TRUE is not a boolean', ['flag=TRUE'], { flag: 'TRUE' }],
    ['enum via allOf', ['size=small'], { size: 'small' }],
    ['single value for a list', ['tags=a'], { tags: ['a'] }],
    ['json array for a list', ['nums=[1,2]'], { nums: [1, 2] }],
    ['repeated keys make a list, items coerced', ['nums=1', 'nums=2'], { nums: [1, 2] }],
    ['object as JSON', ['opts={"scale":2}'], { opts: { scale: 2 } }],
    ['str|int(min 10): 5 stays string', ['strOrBigInt=5'], { strOrBigInt: '5' }],
    ['str|int(min 10): 15 is int', ['strOrBigInt=15'], { strOrBigInt: 15 }],
    ['int|float: 1.5', ['intOrFloat=1.5'], { intOrFloat: 1.5 }],
    ['float|str: 1 is int', ['floatOrStr=1'], { floatOrStr: 1 }],
    ['float|str: hello', ['floatOrStr=hello'], { floatOrStr: 'hello' }],
    ['unknown name is a string', ['zzz=1'], { zzz: '1' }],
    ['URL is just a string', ['prompt=https://x/y.png'], { prompt: 'https://x/y.png' }],
  ];
  for (const [name, values, want] of rows) assert.deepEqual(typed(values), want, name);
});

test('-i files', () => {
  const parsed = typed(['image=@a.png', 'files=@b.txt']);
  assert.ok(parsed.image instanceof FileInput);
  assert.equal((parsed.image as FileInput).path, 'a.png');
  assert.ok(
    Array.isArray(parsed.files) && parsed.files[0] instanceof FileInput,
    'lone file for a list input becomes a list',
  );
  assert.throws(
    () => parseInputFlags(['nope']),
    /Failed to parse input 'nope', expected format is 'name=value'/,
  );
});

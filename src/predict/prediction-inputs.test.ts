import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileInput, parseInputFlags, resolveInputs } from './prediction-inputs.ts';

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

const doc = {
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
  for (const [name, values, want] of rows)
    assert.deepEqual(parseInputFlags(values, doc, 'predict'), want, name);
});

test('-i files', () => {
  const parsed = parseInputFlags(['image=@a.png', 'files=@b.txt'], doc, 'predict');
  assert.ok(parsed.image instanceof FileInput);
  assert.equal((parsed.image as FileInput).path, 'a.png');
  assert.ok(
    Array.isArray(parsed.files) && parsed.files[0] instanceof FileInput,
    'lone file for a list input becomes a list',
  );
  assert.throws(
    () => parseInputFlags(['nope'], doc, 'predict'),
    /Failed to parse input 'nope', expected format is 'name=value'/,
  );
});

test('resolveInputs validation messages', async () => {
  const rows: Array<[string, string[], RegExp]> = [
    [
      'unknown input',
      ['prompt=x', 'nope=1'],
      /unknown input "nope"; valid inputs are: count, files, flag, /,
    ],
    ['missing required', ['count=1'], /missing required input "prompt"$/],
    ['type', ['prompt=x', 'count=abc'], /invalid input "count": expected integer, got string$/],
    [
      'enum',
      ['prompt=x', 'size=huge'],
      /invalid input "size": must be one of: small, medium, large$/,
    ],
    ['minimum', ['prompt=x', 'count=0'], /invalid input "count": number must be at least 1$/],
    [
      'several errors',
      ['count=0', 'size=huge'],
      /input validation failed:\n- missing required input "prompt"\n- /,
    ],
    ['nested required', ['prompt=x', 'opts={}'], /missing required input "opts.scale"$/],
    ['minLength', ['prompt='], /minimum string length is 1/],
  ];
  for (const [name, values, want] of rows) {
    await assert.rejects(
      resolveInputs({ source: { kind: 'flags', values }, doc, mode: 'predict' }),
      want,
      name,
    );
  }
});

test('resolveInputs --json: null, files, stdin', async () => {
  await assert.rejects(
    resolveInputs({
      source: { kind: 'json', text: '{"prompt":"x","seed":null}' },
      doc,
      mode: 'predict',
    }),
    /invalid input "seed": must not be null \(omit the input to use its default\)/,
  );
  await assert.rejects(
    resolveInputs({ source: { kind: 'json', text: '[1]' }, doc, mode: 'predict' }),
    /Failed to parse JSON/,
  );
  const dir = tempDir('cog-inputs-');
  const file = path.join(dir, 'hello.txt');
  writeFileSync(file, 'hi');
  const got = await resolveInputs({
    source: { kind: 'json', text: '-' },
    doc,
    mode: 'predict',
    readStdin: async () => JSON.stringify({ prompt: 'x', image: `@${file}`, count: 2 }),
  });
  assert.deepEqual(got, { prompt: 'x', image: 'data:text/plain;base64,aGk=', count: 2 });
  await assert.rejects(
    resolveInputs({
      source: { kind: 'flags', values: ['prompt=x', `image=@${dir}/missing.png`] },
      doc,
      mode: 'predict',
    }),
    /input "image": open .*missing.png: no such file or directory/,
  );
  await assert.rejects(
    resolveInputs({
      source: { kind: 'flags', values: ['x=1'] },
      doc: { components: { schemas: { Input: { type: 'object', properties: {} } } } },
      mode: 'predict',
    }),
    /unknown input "x"; model does not accept inputs/,
  );
});

test('train falls back to Input and names TrainingInput in errors', async () => {
  await assert.rejects(
    resolveInputs({
      source: { kind: 'flags', values: [] },
      doc: { components: { schemas: {} } },
      mode: 'train',
    }),
    /OpenAPI schema is missing TrainingInput or Input component/,
  );
  assert.deepEqual(
    await resolveInputs({ source: { kind: 'flags', values: ['prompt=a'] }, doc, mode: 'train' }),
    { prompt: 'a' },
  );
});

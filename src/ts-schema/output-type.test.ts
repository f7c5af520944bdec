// Table test: a run() return type → the Output component, compared as JSON text (key order
// counts), and whether the output is an iterator.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  extractFromSources,
  ordered,
  outputSource,
  schemas,
} from './extract-fixture.test-support.ts';
import type { JsonObject } from './input-type.ts';

interface Row {
  name: string;
  returns: string;
  preamble?: string;
  async?: boolean;
  expected: JsonObject;
}

const out = (fragment: JsonObject): JsonObject => ({ title: 'Output', ...fragment });
const iterator = (items: JsonObject): JsonObject =>
  out({ type: 'array', items, 'x-cog-array-type': 'iterator' });

const rows: Row[] = [
  { name: 'string', returns: 'string', expected: out({ type: 'string' }) },
  { name: 'number', returns: 'number', expected: out({ type: 'number' }) },
  { name: 'Integer', returns: 'Integer', expected: out({ type: 'integer' }) },
  { name: 'boolean', returns: 'boolean', expected: out({ type: 'boolean' }) },
  { name: 'Path', returns: 'Path', expected: out({ type: 'string', format: 'uri' }) },
  { name: 'File', returns: 'File', expected: out({ type: 'string', format: 'uri' }) },
  {
    name: 'Secret',
    returns: 'Secret',
    expected: out({ type: 'string', format: 'password', writeOnly: true, 'x-cog-secret': true }),
  },
  {
    name: 'Promise<T> of an async function',
    returns: 'Promise<Path>',
    async: true,
    expected: out({ type: 'string', format: 'uri' }),
  },
  {
    name: 'array',
    returns: 'Path[]',
    expected: out({ type: 'array', items: { type: 'string', format: 'uri' } }),
  },
  {
    name: 'nested arrays',
    returns: 'number[][]',
    expected: out({ type: 'array', items: { type: 'array', items: { type: 'number' } } }),
  },
  { name: 'unknown', returns: 'unknown', expected: out({ type: 'object' }) },
  {
    name: 'Record<string, unknown>',
    returns: 'Record<string, unknown>',
    expected: out({ type: 'object' }),
  },
  {
    name: 'Record<string, V>',
    returns: 'Record<string, number>',
    expected: out({ type: 'object', additionalProperties: { type: 'number' } }),
  },
  {
    name: 'string literal union is a string',
    returns: "'cat' | 'dog'",
    expected: out({ type: 'string' }),
  },
  {
    name: 'object type: required, optional, nullable, default, nested',
    preamble: [
      'interface Box { x: number; label?: string }',
      'interface Result {',
      '  image: Path;',
      '  score: number | null;',
      '  note?: string;',
      '  /** @default 1 */',
      '  count: Integer;',
      '  boxes: Box[];',
      '  extra: Record<string, string>;',
      '}',
    ].join('\n'),
    returns: 'Result',
    expected: out({
      type: 'object',
      properties: {
        image: { title: 'Image', type: 'string', format: 'uri' },
        score: { title: 'Score', type: 'number', nullable: true },
        note: { title: 'Note', type: 'string' },
        count: { title: 'Count', type: 'integer', default: 1 },
        boxes: {
          title: 'Boxes',
          type: 'array',
          items: {
            type: 'object',
            properties: {
              x: { title: 'X', type: 'number' },
              label: { title: 'Label', type: 'string' },
            },
            required: ['x'],
          },
        },
        extra: { title: 'Extra', type: 'object', additionalProperties: { type: 'string' } },
      },
      required: ['image', 'boxes', 'extra'],
    }),
  },
  {
    name: 'a recursive type stops at the repeated type',
    preamble: 'interface Node { name: string; children: Node[] }',
    returns: 'Node',
    expected: out({
      type: 'object',
      properties: {
        name: { title: 'Name', type: 'string' },
        children: { title: 'Children', type: 'array', items: { type: 'object' } },
      },
      required: ['name', 'children'],
    }),
  },
  {
    name: 'a class instance: fields, not methods or accessors',
    preamble:
      'export class Result {\n  text = "";\n  get size(): number { return 1; }\n  describe(): string { return this.text; }\n}',
    returns: 'Result',
    expected: out({
      type: 'object',
      properties: { text: { title: 'Text', type: 'string' } },
      required: ['text'],
    }),
  },
  {
    name: 'AsyncGenerator',
    returns: 'AsyncGenerator<string>',
    expected: iterator({ type: 'string' }),
  },
  {
    name: 'Generator',
    returns: 'Generator<number, void, unknown>',
    expected: iterator({ type: 'number' }),
  },
  {
    name: 'Iterable of Path',
    returns: 'Iterable<Path>',
    expected: iterator({ type: 'string', format: 'uri' }),
  },
  {
    name: 'AsyncIterator',
    returns: 'AsyncIterator<boolean>',
    expected: iterator({ type: 'boolean' }),
  },
  { name: 'Iterator', returns: 'Iterator<string>', expected: iterator({ type: 'string' }) },
  {
    name: 'AsyncIterable',
    returns: 'AsyncIterable<string>',
    expected: iterator({ type: 'string' }),
  },
  {
    name: 'iterator of objects',
    returns: 'AsyncIterable<{ step: Integer }>',
    expected: iterator({
      type: 'object',
      properties: { step: { title: 'Step', type: 'integer' } },
      required: ['step'],
    }),
  },
  {
    name: 'ConcatenateIterator',
    returns: 'ConcatenateIterator<string>',
    expected: out({
      type: 'array',
      items: { type: 'string' },
      'x-cog-array-type': 'iterator',
      'x-cog-array-display': 'concatenate',
    }),
  },
];

describe('output types', () => {
  for (const row of rows) {
    it(row.name, async () => {
      const doc = await extractFromSources({
        'run.ts': outputSource(row.returns, row.preamble, row.async),
      });
      assert.equal(ordered(schemas(doc).Output), ordered(row.expected));
    });
  }

  it('the return type of an async generator method is inferred', async () => {
    const source =
      "export class Runner {\n  async *run(input: { n: number }) {\n    yield 'a';\n  }\n}\n";
    const doc = await extractFromSources({ 'run.ts': source }, { exportName: 'Runner' });
    assert.equal(ordered(schemas(doc).Output), ordered(iterator({ type: 'string' })));
  });

  it('train mode: TrainingOutput, /trainings', async () => {
    const source =
      "import type { Path } from 'cog-sdk';\nexport class Trainer {\n  async train(input: { data: Path }): Promise<{ weights: Path }> { return { weights: input.data }; }\n}\n";
    const doc = await extractFromSources(
      { 'train.ts': source },
      { file: 'train.ts', exportName: 'Trainer', mode: 'train' },
    );
    assert.equal(
      ordered(schemas(doc).TrainingOutput),
      ordered({
        title: 'TrainingOutput',
        type: 'object',
        properties: { weights: { title: 'Weights', type: 'string', format: 'uri' } },
        required: ['weights'],
      }),
    );
    assert.deepEqual(Object.keys(doc.paths as JsonObject), [
      '/',
      '/health-check',
      '/trainings',
      '/trainings/{training_id}',
      '/trainings/{training_id}/cancel',
      '/shutdown',
    ]);
  });
});

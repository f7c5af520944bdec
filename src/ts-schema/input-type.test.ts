// Table test: one input property's TypeScript type (and JSDoc) → its schema property, whether it
// is required, and its enum component; compared as JSON text, so key order counts.
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
  properties: string;
  preamble?: string;
  /** The schema of property `x`. */
  expected: JsonObject;
  required: boolean;
  enumComponent?: JsonObject;
}

const ref = { allOf: [{ $ref: '#/components/schemas/x' }] };
const x = (fragment: JsonObject): JsonObject => ({ 'x-order': 0, title: 'X', ...fragment });

const rows: Row[] = [
  { name: 'string', properties: 'x: string;', expected: x({ type: 'string' }), required: true },
  { name: 'number', properties: 'x: number;', expected: x({ type: 'number' }), required: true },
  { name: 'Integer', properties: 'x: Integer;', expected: x({ type: 'integer' }), required: true },
  {
    name: '@integer on number',
    properties: '/** @integer */ x: number;',
    expected: x({ type: 'integer' }),
    required: true,
  },
  { name: 'boolean', properties: 'x: boolean;', expected: x({ type: 'boolean' }), required: true },
  {
    name: 'optional boolean is nullable',
    properties: 'x?: boolean;',
    expected: x({ type: 'boolean', nullable: true }),
    required: false,
  },
  {
    name: 'string literal union is choices',
    properties: "x: 'fast' | 'slow';",
    expected: { 'x-order': 0, ...ref },
    required: true,
    enumComponent: {
      title: 'x',
      description: 'An enumeration.',
      enum: ['fast', 'slow'],
      type: 'string',
    },
  },
  {
    name: 'number literal union is integer choices',
    properties: 'x: 1 | 2 | 4;',
    expected: { 'x-order': 0, ...ref },
    required: true,
    enumComponent: { title: 'x', description: 'An enumeration.', enum: [1, 2, 4], type: 'integer' },
  },
  {
    name: 'choices keep the source order of an alias, whatever the checker saw first',
    preamble: "export const first: 'b' = 'b';\ntype Mode = 'a' | 'b' | 'c';",
    properties: '/** @default "c" */ x?: Mode;',
    expected: { 'x-order': 0, ...ref, default: 'c' },
    required: false,
    enumComponent: {
      title: 'x',
      description: 'An enumeration.',
      enum: ['a', 'b', 'c'],
      type: 'string',
    },
  },
  {
    name: 'array',
    properties: 'x: string[];',
    expected: x({ type: 'array', items: { type: 'string' } }),
    required: true,
  },
  {
    name: 'Array<Integer>',
    properties: 'x: Array<Integer>;',
    expected: x({ type: 'array', items: { type: 'integer' } }),
    required: true,
  },
  {
    name: 'array of literals has an inline enum',
    properties: "x: ('a' | 'b')[];",
    expected: x({ type: 'array', items: { type: 'string', enum: ['a', 'b'] } }),
    required: true,
  },
  {
    name: 'optional with @default is a plain input with a default',
    properties: '/** @default 3 */ x?: number;',
    expected: x({ type: 'number', default: 3 }),
    required: false,
  },
  {
    name: 'optional without @default is nullable',
    properties: 'x?: number;',
    expected: x({ type: 'number', nullable: true }),
    required: false,
  },
  {
    name: '| undefined is optional',
    properties: 'x: number | undefined;',
    expected: x({ type: 'number', nullable: true }),
    required: false,
  },
  {
    name: '| null is nullable',
    properties: 'x: string | null;',
    expected: x({ type: 'string', nullable: true }),
    required: false,
  },
  {
    name: '| null with @default keeps both',
    properties: '/** @default "a" */ x: string | null;',
    expected: x({ type: 'string', nullable: true, default: 'a' }),
    required: false,
  },
  {
    name: '@default null is no default (required, as Python)',
    properties: '/** @default null */ x: number;',
    expected: x({ type: 'number' }),
    required: true,
  },
  {
    name: 'Path',
    properties: 'x: Path;',
    expected: x({ type: 'string', format: 'uri' }),
    required: true,
  },
  {
    name: 'File',
    properties: 'x: File;',
    expected: x({ type: 'string', format: 'uri' }),
    required: true,
  },
  {
    name: 'Secret',
    properties: 'x: Secret;',
    expected: x({ type: 'string', format: 'password', writeOnly: true, 'x-cog-secret': true }),
    required: true,
  },
  {
    name: 'Secret defaults are not published',
    properties: '/** @default "hunter2" */ x?: Secret;',
    expected: x({ type: 'string', format: 'password', writeOnly: true, 'x-cog-secret': true }),
    required: false,
  },
  {
    name: 'Path[] optional',
    properties: 'x?: Path[];',
    expected: x({ type: 'array', items: { type: 'string', format: 'uri' }, nullable: true }),
    required: false,
  },
  {
    name: 'union of JSON-native members in source order',
    properties: 'x: number | string;',
    expected: x({ anyOf: [{ type: 'number' }, { type: 'string' }] }),
    required: true,
  },
  {
    name: 'nullable union',
    properties: 'x: string | boolean | null;',
    expected: x({
      anyOf: [
        { type: 'string', nullable: true },
        { type: 'boolean', nullable: true },
      ],
      nullable: true,
    }),
    required: false,
  },
  {
    name: 'literal and number union',
    properties: "x: 'auto' | number;",
    expected: x({ anyOf: [{ type: 'string', enum: ['auto'] }, { type: 'number' }] }),
    required: true,
  },
  {
    name: 'readonly array',
    properties: 'x: readonly string[];',
    expected: x({ type: 'array', items: { type: 'string' } }),
    required: true,
  },
  {
    name: 'object type literal is opaque',
    properties: 'x: { a: number };',
    expected: x({ type: 'object' }),
    required: true,
  },
  {
    name: 'interface is opaque',
    preamble: 'interface Options { a: number; b: string }',
    properties: 'x: Options;',
    expected: x({ type: 'object' }),
    required: true,
  },
  {
    name: 'Record',
    properties: 'x: Record<string, string>;',
    expected: x({ type: 'object' }),
    required: true,
  },
  { name: 'unknown', properties: 'x: unknown;', expected: x({ type: 'object' }), required: true },
  {
    name: 'array of objects',
    properties: 'x: Array<Record<string, unknown>>;',
    expected: x({ type: 'array', items: { type: 'object' } }),
    required: true,
  },
  {
    name: 'branded type through a local alias',
    preamble: 'type Image = Path;',
    properties: 'x: Image;',
    expected: x({ type: 'string', format: 'uri' }),
    required: true,
  },
];

describe('input types', () => {
  for (const row of rows) {
    it(row.name, async () => {
      const doc = await extractFromSources({ 'run.ts': inputSource(row.properties, row.preamble) });
      const input = inputComponentOf(doc);
      const properties = input.properties as JsonObject;
      assert.equal(ordered(properties.x), ordered(row.expected));
      assert.deepEqual(input.required, row.required ? ['x'] : undefined);
      assert.equal(ordered(schemas(doc).x), ordered(row.enumComponent));
    });
  }
});

describe('input shapes', () => {
  const expected = {
    type: 'object',
    title: 'Input',
    required: ['prompt'],
    properties: {
      prompt: { 'x-order': 0, title: 'Prompt', type: 'string' },
      num_steps: { 'x-order': 1, title: 'Num Steps', type: 'integer', default: 4 },
    },
  };
  const declarations = {
    interface: 'interface In {\n  prompt: string;\n  /** @default 4 */\n  num_steps?: Integer;\n}',
    'type alias': 'type In = {\n  prompt: string;\n  /** @default 4 */\n  num_steps?: Integer;\n};',
  };
  for (const [name, declaration] of Object.entries(declarations)) {
    it(`an ${name} as the input type`, async () => {
      const source = `import type { Integer } from 'cog-sdk';\n${declaration}\nexport class Runner {\n  run(input: In): string { return input.prompt; }\n}\n`;
      const doc = await extractFromSources({ 'run.ts': source }, { exportName: 'Runner' });
      assert.equal(ordered(inputComponentOf(doc)), ordered(expected));
    });
  }

  it('an inline type literal, and the context parameter is ignored', async () => {
    const source = `import type { Integer, RunContext } from 'cog-sdk';\nexport async function run(input: {\n  prompt: string;\n  /** @default 4 */\n  num_steps?: Integer;\n}, ctx?: RunContext): Promise<string> { return input.prompt + String(ctx); }\n`;
    const doc = await extractFromSources({ 'run.ts': source });
    assert.equal(ordered(inputComponentOf(doc)), ordered(expected));
  });

  it('types imported from another project file, and SDK types re-exported under other names', async () => {
    const doc = await extractFromSources({
      'sdk.ts': "export type { Path as Image, Integer as Int } from 'cog-sdk';\n",
      'types.ts':
        "import type { Image, Int } from './sdk.ts';\nexport interface In {\n  photo: Image;\n  /** @default 2 */\n  count?: Int;\n}\n",
      'run.ts':
        "import type { In } from './types.ts';\nexport function run(input: In): string { return String(input.photo); }\n",
    });
    assert.equal(
      ordered(inputComponentOf(doc).properties),
      ordered({
        photo: { 'x-order': 0, title: 'Photo', type: 'string', format: 'uri' },
        count: { 'x-order': 1, title: 'Count', type: 'integer', default: 2 },
      }),
    );
  });

  it('a project with its own node_modules/cog-sdk uses those declarations', async () => {
    const sdk =
      "declare const brand: unique symbol;\nexport type Path = string & { readonly [brand]: 'Path' };\n";
    const doc = await extractFromSources({
      'node_modules/cog-sdk/package.json':
        '{"name":"cog-sdk","version":"0.0.1","types":"index.d.ts"}',
      'node_modules/cog-sdk/index.d.ts': sdk,
      'run.ts':
        "import type { Path } from 'cog-sdk';\nexport function run(input: { image: Path }): Path { return input.image; }\n",
    });
    assert.equal(
      ordered(inputComponentOf(doc).properties),
      ordered({ image: { 'x-order': 0, title: 'Image', type: 'string', format: 'uri' } }),
    );
    assert.equal(
      ordered(schemas(doc).Output),
      ordered({ title: 'Output', type: 'string', format: 'uri' }),
    );
  });

  it('a const holding an arrow function', async () => {
    const source = 'export const run = async (input: { n: number }): Promise<number> => input.n;\n';
    const doc = await extractFromSources({ 'run.ts': source });
    assert.equal(
      ordered(inputComponentOf(doc).properties),
      ordered({ n: { 'x-order': 0, title: 'N', type: 'number' } }),
    );
    assert.equal(ordered(schemas(doc).Output), ordered({ title: 'Output', type: 'number' }));
  });

  it('sdkDeclarations points cog-sdk at other declarations (a built sdk/node)', async () => {
    const doc = await extractFromSources(
      {
        'sdk/dist/index.d.ts': "export type { Integer } from './types.ts';\n",
        'sdk/dist/types.d.ts':
          "declare const brand: unique symbol;\nexport type Integer = number & { readonly [brand]: 'Integer' };\n",
        'run.ts':
          "import type { Integer } from 'cog-sdk';\nexport function run(input: { n: Integer }): Integer { return input.n; }\n",
      },
      { sdkDeclarations: 'sdk/dist/index.d.ts' },
    );
    assert.equal(
      ordered(inputComponentOf(doc).properties),
      ordered({ n: { 'x-order': 0, title: 'N', type: 'integer' } }),
    );
  });

  it('an intersection and an interface that extends another: own order, then the added members', async () => {
    const source = [
      'interface Base {',
      '  prompt: string;',
      '}',
      'interface WithSeed extends Base {',
      '  seed?: number;',
      '}',
      'export function run(input: WithSeed & { style: string }): string {',
      '  return input.prompt;',
      '}',
      '',
    ].join('\n');
    const doc = await extractFromSources({ 'run.ts': source });
    const input = inputComponentOf(doc);
    assert.deepEqual(Object.keys(input.properties as JsonObject), ['seed', 'prompt', 'style']);
    assert.deepEqual(input.required, ['prompt', 'style']);
  });

  it('a .mts predictor', async () => {
    const source =
      "import type { Path } from 'cog-sdk';\nexport async function run(input: { image: Path }): Promise<Path> {\n  return input.image;\n}\n";
    const doc = await extractFromSources({ 'run.mts': source }, { file: 'run.mts' });
    assert.equal(
      ordered(schemas(doc).Output),
      ordered({ title: 'Output', type: 'string', format: 'uri' }),
    );
  });

  it('a run() without parameters has empty properties', async () => {
    const doc = await extractFromSources({
      'run.ts': 'export function run(): string { return "x"; }\n',
    });
    assert.equal(
      ordered(inputComponentOf(doc)),
      ordered({ type: 'object', title: 'Input', properties: {} }),
    );
  });

  it('a JavaScript predictor with JSDoc types', async () => {
    const source = [
      '/** @typedef {{ prompt: string, steps?: number }} In */',
      'export class Runner {',
      '  /** @param {In} input @returns {string} */',
      '  run(input) { return input.prompt; }',
      '}',
      '',
    ].join('\n');
    const doc = await extractFromSources(
      { 'run.mjs': source },
      { file: 'run.mjs', exportName: 'Runner' },
    );
    assert.equal(
      ordered(inputComponentOf(doc)),
      ordered({
        type: 'object',
        title: 'Input',
        required: ['prompt'],
        properties: {
          prompt: { 'x-order': 0, title: 'Prompt', type: 'string' },
          steps: { 'x-order': 1, title: 'Steps', type: 'number', nullable: true },
        },
      }),
    );
    assert.equal(ordered(schemas(doc).Output), ordered({ title: 'Output', type: 'string' }));
  });
});

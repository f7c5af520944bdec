// Table test of bad predictors: each fails with one CogError whose code, message and
// file:line:col point at the problem.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CogError, formatPosition } from '../cog-error.ts';
import { extractTypeScriptSchema } from './extract-typescript-schema.ts';
import {
  extractFromSources,
  inputSource,
  outputSource,
  SDK_IMPORT,
  type FixtureOptions,
} from './extract-fixture.test-support.ts';

interface Row {
  name: string;
  files: Record<string, string>;
  options?: FixtureOptions;
  code: string;
  message: string | RegExp;
  /** `file:line:col`, or undefined when the error has no position. */
  at: string | undefined;
}

const lines = (...text: string[]): string => text.join('\n') + '\n';
const input = (properties: string): Record<string, string> => ({
  'run.ts': inputSource(properties),
});
// inputSource puts the first property on line 4.
const output = (returns: string, preamble = ''): Record<string, string> => ({
  'run.ts': outputSource(returns, preamble),
});

const rows: Row[] = [
  {
    name: 'missing file',
    files: {},
    code: 'TS_PREDICTOR_NOT_FOUND',
    message: 'run.ts not found',
    at: undefined,
  },
  {
    name: 'syntax error: the first diagnostic with its position',
    files: {
      'run.ts': lines(
        'export function run(input: { a: string }): string {',
        '  return input.a +;',
        '}',
      ),
    },
    code: 'TS_PREDICTOR_COMPILE',
    message: 'TS1109: Expression expected.',
    at: 'run.ts:2:19',
  },
  {
    name: 'type error in an imported project file',
    files: {
      'helper.ts': lines('export const n: number = "one";'),
      'run.ts': lines(
        "import { n } from './helper.ts';",
        'export function run(): number { return n; }',
      ),
    },
    code: 'TS_PREDICTOR_COMPILE',
    message: "TS2322: Type 'string' is not assignable to type 'number'.",
    at: 'helper.ts:1:14',
  },
  {
    name: 'missing export',
    files: { 'run.ts': lines('export function predict(): string { return ""; }') },
    code: 'TS_PREDICTOR_EXPORT',
    message: 'run.ts has no export named run',
    at: 'run.ts:1:1',
  },
  {
    name: 'export that is not a class or function',
    files: { 'run.ts': lines('export const run = 3;') },
    code: 'TS_PREDICTOR_EXPORT',
    message: 'run is not a class or a function',
    at: 'run.ts:1:14',
  },
  {
    name: 'class without run()',
    files: { 'run.ts': lines('export class Runner {', '  setup(): void {}', '}') },
    options: { exportName: 'Runner' },
    code: 'TS_PREDICTOR_METHOD',
    message: 'run or predict method not found: Runner',
    at: 'run.ts:1:14',
  },
  {
    name: 'class with run() and predict()',
    files: {
      'run.ts': lines(
        'export class Runner {',
        '  run(): string { return ""; }',
        '  predict(): string { return ""; }',
        '}',
      ),
    },
    options: { exportName: 'Runner' },
    code: 'TS_PREDICTOR_METHOD',
    message: 'Runner must define either run() or predict(), not both',
    at: 'run.ts:1:14',
  },
  {
    name: 'train mode without train()',
    files: { 'run.ts': lines('export class Runner {', '  run(): string { return ""; }', '}') },
    options: { exportName: 'Runner', mode: 'train' },
    code: 'TS_PREDICTOR_METHOD',
    message: 'train method not found: Runner',
    at: 'run.ts:1:14',
  },
  {
    name: 'non-object input',
    files: { 'run.ts': lines('export function run(prompt: string): string { return prompt; }') },
    code: 'TS_SCHEMA_INPUT',
    message:
      'the input parameter of run() must be an object type (interface, type alias or type literal), got string',
    at: 'run.ts:1:29',
  },
  {
    name: 'untyped JavaScript input',
    files: { 'run.js': lines('export function run(input) {', '  return String(input);', '}') },
    options: { file: 'run.js' },
    code: 'TS_SCHEMA_INPUT',
    message:
      'the input parameter of run() must be an object type (interface, type alias or type literal), got any',
    at: 'run.js:1:21',
  },
  {
    name: 'function-typed input',
    files: input('callback: (n: number) => void;'),
    code: 'TS_SCHEMA_INPUT',
    message:
      "unsupported type for input 'callback': function type (n: number) => void is not a supported input type",
    at: 'run.ts:4:11',
  },
  {
    name: 'Map input',
    files: input('table: Map<string, number>;'),
    code: 'TS_SCHEMA_INPUT',
    message: "unsupported type for input 'table': unsupported input type Map<string, number>",
    at: 'run.ts:4:8',
  },
  {
    name: 'nested arrays as input',
    files: input('grid: number[][];'),
    code: 'TS_SCHEMA_INPUT',
    message: "unsupported type for input 'grid': nested generics like number[][] are not supported",
    at: 'run.ts:4:7',
  },
  {
    name: 'Path in a union input',
    files: input('source: Path | string;'),
    code: 'TS_SCHEMA_INPUT',
    message: "unsupported type for input 'source': Path is not supported in union inputs",
    at: 'run.ts:4:9',
  },
  {
    name: 'mixed literal choices',
    files: input("mode: 'a' | 1;"),
    code: 'TS_SCHEMA_INPUT',
    message:
      "unsupported type for input 'mode': literal choices must be all strings or all whole numbers",
    at: 'run.ts:4:7',
  },
  {
    name: '@default that is not JSON',
    files: input('/** @default fast */\nmode: string;'),
    code: 'TS_SCHEMA_INPUT',
    message:
      'input \'mode\': @default fast is not a JSON literal (write e.g. @default "fast" or @default 4)',
    at: 'run.ts:4:5',
  },
  {
    name: '@minimum on a string',
    files: input('/** @minimum 1 */\nname: string;'),
    code: 'TS_SCHEMA_INPUT',
    message: 'incompatible input type for ge/le: name: string',
    at: 'run.ts:5:1',
  },
  {
    name: 'default below @minimum',
    files: input('/** @minimum 1 @default 0 */\nsteps?: number;'),
    code: 'TS_SCHEMA_INPUT',
    message: 'invalid default for steps: number: must be at minimum 1',
    at: 'run.ts:5:1',
  },
  {
    name: 'a choices input named like a fixed component',
    files: input("Status: 'a' | 'b';"),
    code: 'TS_SCHEMA_INPUT',
    message:
      "input 'Status' with choices clashes with the schema component of that name; rename it",
    at: undefined,
  },
  {
    name: 'void output',
    files: output('void'),
    code: 'TS_SCHEMA_OUTPUT',
    message: 'return type must not be void, undefined or null',
    at: 'run.ts:3:24',
  },
  {
    name: 'optional output',
    files: output('string | null'),
    code: 'TS_SCHEMA_OUTPUT',
    message:
      'unsupported output type: optional (| null, | undefined) is not allowed as a return type',
    at: 'run.ts:3:24',
  },
  {
    name: 'union output',
    files: output('string | number'),
    code: 'TS_SCHEMA_OUTPUT',
    message: 'union types are not supported as output: string | number',
    at: 'run.ts:3:24',
  },
  {
    name: 'unserialisable output: Map',
    files: output('Map<string, number>'),
    code: 'TS_SCHEMA_OUTPUT',
    message: 'unserialisable output type Map<string, number>',
    at: 'run.ts:3:24',
  },
  {
    name: 'unserialisable output: Date field',
    files: output('Result', 'interface Result {\n  when: Date;\n}'),
    code: 'TS_SCHEMA_OUTPUT',
    message: 'unserialisable output type Date',
    at: 'run.ts:3:3',
  },
  {
    name: 'unserialisable output: function field',
    files: output('Result', 'interface Result {\n  done: () => void;\n}'),
    code: 'TS_SCHEMA_OUTPUT',
    message: "unserialisable output field 'done': functions are not JSON values",
    at: 'run.ts:3:3',
  },
  {
    name: 'unserialisable output: Promise field',
    files: output('Result', 'interface Result {\n  later: Promise<string>;\n}'),
    code: 'TS_SCHEMA_OUTPUT',
    message: 'unserialisable output type Promise<string>',
    at: 'run.ts:3:3',
  },
  {
    name: 'unserialisable output: Set',
    files: output('Set<string>'),
    code: 'TS_SCHEMA_OUTPUT',
    message: 'unserialisable output type Set<string>',
    at: 'run.ts:3:24',
  },
  {
    name: 'bad @default on an output field',
    files: output('Result', 'interface Result {\n  /** @default nope */\n  n: number;\n}'),
    code: 'TS_SCHEMA_OUTPUT',
    message:
      'output field \'n\': @default nope is not a JSON literal (write e.g. @default "fast" or @default 4)',
    at: 'run.ts:3:7',
  },
  {
    name: 'ConcatenateIterator of numbers',
    files: output('ConcatenateIterator<number>'),
    code: 'TS_SCHEMA_OUTPUT',
    message: 'ConcatenateIterator element type must be string, got number',
    at: 'run.ts:3:24',
  },
  {
    name: 'nested iterator',
    files: output('AsyncIterable<string>[]'),
    code: 'TS_SCHEMA_OUTPUT',
    message: 'iterators are only supported as the top-level return type',
    at: 'run.ts:3:24',
  },
];

describe('extraction errors', () => {
  for (const row of rows) {
    it(row.name, async () => {
      const error = await extractFromSources(row.files, row.options).then(
        () => assert.fail('expected the extraction to fail'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof CogError, String(error));
      assert.equal(error.code, row.code);
      if (typeof row.message === 'string') assert.equal(error.message, row.message);
      else assert.match(error.message, row.message);
      assert.equal(
        error.position === undefined ? undefined : formatPosition(error.position),
        row.at,
      );
      assert.ok(!error.message.includes('\n'), 'one line');
    });
  }

  it('only null checks of strict mode apply: an implicit any is not a compile error', async () => {
    const source =
      'function shout(text) {\n  return text.toUpperCase();\n}\nexport function run(input: { text: string }): string {\n  return shout(input.text);\n}\n';
    await extractFromSources({ 'run.ts': source });
  });

  it('without @types/node, console and node: imports are not compile errors', async () => {
    const source = `${SDK_IMPORT}import { readFileSync } from 'node:fs';\nexport function run(input: { p: Path }): string {\n  console.log(process.env.HOME);\n  return String(readFileSync(input.p));\n}\n`;
    await extractFromSources({ 'run.ts': source });
  });

  it('without @types/node, timers and web globals are not compile errors', async () => {
    const source = `export async function run(input: { ms: number }): Promise<string> {\n  await new Promise((r) => setTimeout(r, input.ms));\n  return new URL('http://x/').host + new TextEncoder().encode('a').length;\n}\n`;
    await extractFromSources({ 'run.ts': source });
  });

  it('an npm package the host has not installed is no compile error (the image installs it)', async () => {
    const source = `import leftPad from 'left-pad';\nimport { z } from '@scope/pkg';\nexport function run(input: { text: string }): string {\n  return String(leftPad(input.text, 5)) + String(z);\n}\n`;
    const doc = await extractFromSources({ 'run.ts': source });
    assert.ok(doc);
  });

  it('a missing relative import is still a compile error', async () => {
    const source = `import { helper } from './missing.ts';\nexport function run(input: { text: string }): string {\n  return helper(input.text);\n}\n`;
    await assert.rejects(extractFromSources({ 'run.ts': source }), /TS2307/);
  });
});

describe('a broken compiler installation', () => {
  it('a lib folder without lib.es2023.d.ts is one clear error', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'cog-ts-lib-'));
    try {
      const project = mkdtempSync(path.join(tmpdir(), 'cog-ts-project-'));
      try {
        writeFileSync(
          path.join(project, 'run.ts'),
          'export function run(): string { return ""; }\n',
        );
        await assert.rejects(
          extractTypeScriptSchema({
            projectDir: project,
            file: 'run.ts',
            exportName: 'run',
            mode: 'predict',
            libDirectory: empty,
          }),
          (error: unknown) =>
            error instanceof CogError &&
            error.code === 'TS_COMPILER_LIB_MISSING' &&
            error.message.includes(empty),
        );
      } finally {
        rmSync(project, { recursive: true, force: true });
      }
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

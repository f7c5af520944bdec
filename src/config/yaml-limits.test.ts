// The caps on cog.yaml input (size, nesting depth, node count) and the linear duplicate-key
// check that replaced the YAML library's quadratic one. Each cap is tested just below and
// just above its limit, and each error must carry the position of the offending node.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toCogError } from './config-diagnostics.ts';
import { B, errorTable, errorsOf } from './error-table.test-support.ts';
import { parseConfig } from './parse-config.ts';
import { MAX_CONFIG_BYTES, MAX_NESTING_DEPTH, MAX_NODES } from './yaml-limits.ts';

const HINT = /at most 1048576 bytes, 100000 nodes and 64 levels of nesting/;

/** `x:` followed by `levels` nested block sequences, one per line, ending in a scalar. */
function nestedBlockSequences(levels: number): string {
  const lines = [];
  for (let i = 0; i < levels; i++) lines.push(`${' '.repeat(2 + 2 * i)}-`);
  return `${B}x:\n${lines.join('\n')} leaf\n`;
}

describe('input size cap', () => {
  it('accepts a file of exactly the limit', () => {
    const text = B + '#'.repeat(MAX_CONFIG_BYTES - B.length);
    assert.deepEqual(errorsOf(text), []);
  });
  it('rejects one byte more, pointing at the line where the limit is passed', () => {
    const padding = '#'.repeat(1000) + '\n';
    const body = padding.repeat(Math.ceil(MAX_CONFIG_BYTES / padding.length) + 1);
    const text = B + body;
    const errors = errorsOf(text);
    const line = 3 + Math.floor((MAX_CONFIG_BYTES - B.length) / padding.length);
    const column = ((MAX_CONFIG_BYTES - B.length) % padding.length) + 1;
    assert.deepEqual(errors, [
      `${line}:${column} failed to parse cog.yaml: the file is ${Buffer.byteLength(text)} bytes; a cog.yaml may be at most 1048576 bytes (1 MiB)`,
    ]);
  });
  it('counts UTF-8 bytes, not characters', () => {
    // 'é' is two bytes: half the limit in characters is already one byte too many.
    const text = B + '#' + 'é'.repeat(Math.ceil((MAX_CONFIG_BYTES - B.length) / 2));
    const result = parseConfig(text, 'cog.yaml');
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.errors[0]?.code, 'CONFIG_LIMIT');
  });
});

describe('nesting depth cap', () => {
  it(`accepts ${MAX_NESTING_DEPTH} levels (the top-level mapping is one)`, () => {
    assert.deepEqual(errorsOf(nestedBlockSequences(MAX_NESTING_DEPTH - 1)), []);
  });
  it('rejects one level more at the collection that passes it', () => {
    const errors = errorsOf(nestedBlockSequences(MAX_NESTING_DEPTH));
    // Level 65 is the 64th sequence: line 3 + 64, indented 2 * 64 columns.
    assert.deepEqual(errors, [
      `${3 + MAX_NESTING_DEPTH}:${1 + 2 * MAX_NESTING_DEPTH} failed to parse cog.yaml: mappings and lists are nested more than 64 levels deep`,
    ]);
  });
  it('nesting deep enough to overflow the stack is a positioned error instead', () => {
    // Before the cap, about 1,000 levels made the YAML library report "Maximum call stack size
    // exceeded". 900 block levels still fit in the size cap (the indentation grows).
    for (const text of [
      nestedBlockSequences(900),
      `x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
      `x: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`,
    ]) {
      const result = parseConfig(text, 'cog.yaml');
      assert.equal(result.ok, false);
      if (result.ok) continue;
      assert.doesNotMatch(result.errors[0]?.message ?? '', /call stack|Stack overflow/);
    }
    const flow = parseConfig(`x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, 'cog.yaml');
    assert.ok(!flow.ok);
    if (!flow.ok) {
      assert.equal(flow.errors[0]?.code, 'CONFIG_LIMIT');
      assert.deepEqual(flow.errors[0]?.position, { file: 'cog.yaml', line: 1, column: 4 + 63 });
    }
  });
  it('aliases cannot nest past the cap either', () => {
    const levels = [`a0: &a0 [x]`];
    for (let i = 1; i <= MAX_NESTING_DEPTH; i++) levels.push(`a${i}: &a${i} [*a${i - 1}]`);
    const result = parseConfig(B + levels.join('\n') + '\n', 'cog.yaml');
    assert.ok(!result.ok);
    if (!result.ok) {
      assert.equal(result.errors[0]?.code, 'CONFIG_LIMIT');
      assert.match(result.errors[0]?.message ?? '', /nested more than 64 levels deep/);
      assert.ok((result.errors[0]?.position.line ?? 0) > 3);
    }
  });
});

describe('node count cap', () => {
  const list = (n: number) => `${B}x: [${Array(n).fill('1').join(',')}]\n`;
  // The top-level mapping, build (key and mapping), python_version (key and value), x and the list.
  const fixed = 7;
  it('accepts exactly the limit', () => {
    assert.deepEqual(errorsOf(list(MAX_NODES - fixed)), []);
  });
  it('rejects one node more, at that node, with the limits as the hint', () => {
    const result = parseConfig(list(MAX_NODES - fixed + 1), 'cog.yaml');
    assert.ok(!result.ok);
    if (result.ok) return;
    // `x: [` is 4 columns, each item 2 (`1,`): the first item past the limit.
    const column = 5 + 2 * (MAX_NODES - fixed);
    assert.deepEqual(
      result.errors.map((e) => `${e.position.line}:${e.position.column} ${e.message}`),
      [`3:${column} failed to parse cog.yaml: the document has more than 100000 nodes`],
    );
    assert.match(toCogError(result.errors).hint ?? '', HINT);
  });
});

errorTable('duplicate keys (checked by the walker, in linear time)', [
  {
    name: 'every duplicate is reported, at the repeated key',
    yaml: `${B}a: 1\nb: 2\na: 3\nb: 4\n`,
    errors: [
      '5:1 failed to parse cog.yaml: invalid YAML: Map keys must be unique',
      '6:1 failed to parse cog.yaml: invalid YAML: Map keys must be unique',
    ],
  },
  {
    name: 'in a nested and a flow mapping',
    yaml: `build:\n  python_version: "3.12"\n  gpu: true\n  gpu: false\nx: {k: 1, k: 2}\n`,
    errors: [
      '4:3 failed to parse cog.yaml: invalid YAML: Map keys must be unique',
      '5:11 failed to parse cog.yaml: invalid YAML: Map keys must be unique',
    ],
  },
  {
    name: 'an aliased mapping is reported once, where it is written',
    yaml: `${B}a: &m {k: 1, k: 2}\nb: *m\nc: *m\n`,
    errors: ['3:14 failed to parse cog.yaml: invalid YAML: Map keys must be unique'],
  },
  {
    name: 'the same key in different mappings is fine',
    yaml: `${B}a: {k: 1}\nb: {k: 2}\n`,
    errors: [],
  },
  {
    name: 'a quoted and a plain key with the same text are the same key',
    yaml: `${B}"a": 1\na: 2\n`,
    errors: ['4:1 failed to parse cog.yaml: invalid YAML: Map keys must be unique'],
  },
]);

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../../testing/fuzz.ts';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './json-depth.ts';

const exceeds = (text: string, limit: number) => jsonDepthExceeds(Buffer.from(text), limit);

test('depth counts arrays and objects, not scalars', () => {
  const rows: [string, number][] = [
    ['1', 0],
    ['"x"', 0],
    ['[]', 1],
    ['{"input":{"x":[1]}}', 3],
    ['[[],[],{"a":[]}]', 3],
    ['{"a":1,"b":{"c":2}}', 2],
  ];
  for (const [text, depth] of rows) {
    assert.equal(exceeds(text, depth), false, `${text} within ${depth}`);
    if (depth > 0) assert.equal(exceeds(text, depth - 1), true, `${text} beyond ${depth - 1}`);
  }
});

test('brackets inside strings do not count, escaped quotes do not end them', () => {
  assert.equal(exceeds('{"a":"[[[[{{{{"}', 1), false);
  assert.equal(exceeds('{"a":"\\"[[[["}', 1), false);
  assert.equal(exceeds('{"a":"\\\\","b":[[1]]}', 2), true);
  assert.equal(exceeds('["\\\\\\"[[["]', 1), false);
  assert.equal(exceeds('["é[", "\u2028{"]', 1), false);
});

test('malformed JSON is measured as far as it goes', () => {
  assert.equal(exceeds('[[[', 2), true);
  assert.equal(exceeds('["unterminated [[[[', 1), false);
  assert.equal(exceeds(']]]]][[', 1), false);
});

test('10^6 levels are refused without recursion; the limit fits real inputs', () => {
  assert.equal(exceeds('['.repeat(1_000_000) + ']'.repeat(1_000_000), MAX_JSON_DEPTH), true);
  const deep = `{"input":{"x":${'['.repeat(100)}1${']'.repeat(100)}}}`;
  assert.equal(exceeds(deep, MAX_JSON_DEPTH), false);
});

test('agrees with the depth of the parsed value on random JSON (long and escaped strings too)', () => {
  const random = new Random(7);
  const depthOf = (value: unknown): number =>
    typeof value === 'object' && value !== null
      ? 1 + Math.max(0, ...Object.values(value).map(depthOf))
      : 0;
  const valueOf = (level: number): unknown => {
    const kind = level > 6 ? 0 : random.int(4);
    if (kind === 0) return random.string(random.int(80), 'ab"\\[]{}é');
    if (kind === 1) return random.int(1000);
    const items = Array.from({ length: random.int(4) }, () => valueOf(level + 1));
    if (kind === 2) return items;
    return Object.fromEntries(items.map((item, i) => [random.string(i * 20, '"\\{['), item]));
  };
  for (let n = 0; n < 500; n++) {
    const value = valueOf(0);
    const text = JSON.stringify(value);
    const depth = depthOf(value);
    assert.equal(exceeds(text, depth), false, text);
    if (depth > 0) assert.equal(exceeds(text, depth - 1), true, text);
  }
});

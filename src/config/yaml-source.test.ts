// readYaml: literal scalars for string fields, YAML 1.1 booleans, and node positions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldKind } from './cog-yaml-schema.ts';
import { pointer, positionAt, readYaml, type FieldKind, type PathSegment } from './yaml-source.ts';

function read(text: string, kindAt: (p: readonly PathSegment[]) => FieldKind = fieldKind) {
  const result = readYaml(text, 'cog.yaml', kindAt);
  assert.ok(result.ok, result.ok ? '' : (result.errors[0]?.message ?? ''));
  return result.source;
}

describe('readYaml values', () => {
  it('string fields keep the scalar text, other fields get YAML values', () => {
    const { value } = read(
      'build:\n  python_version: 3.10\n  cuda: 11.0\n  gpu: true\nconcurrency:\n  max: 0x10\nimage: 1e3\n',
    );
    assert.deepEqual(value, {
      build: { python_version: '3.10', cuda: '11.0', gpu: true },
      concurrency: { max: 16 },
      image: '1e3',
    });
  });
  it('quoted strings are unchanged', () => {
    assert.deepEqual(read('image: "3.10"\ntrain: \'a: b\'\n').value, {
      image: '3.10',
      train: 'a: b',
    });
  });
  it('booleans and null in string fields', () => {
    assert.deepEqual(read('image: true\ntrain: ~\nmodel: null\n').value, {
      image: 'true',
      train: null,
      model: null,
    });
  });
  it('YAML 1.1 booleans in boolean fields only', () => {
    const words: Array<[string, boolean]> = [
      ['yes', true],
      ['Yes', true],
      ['ON', true],
      ['y', true],
      ['no', false],
      ['Off', false],
      ['N', false],
    ];
    for (const [word, bool] of words) {
      assert.deepEqual(read(`build:\n  gpu: ${word}\n`).value, { build: { gpu: bool } }, word);
    }
    assert.deepEqual(read('build:\n  gpu: "maybe"\n').value, { build: { gpu: 'maybe' } });
    assert.deepEqual(read('image: yes\n').value, { image: 'yes' });
  });
  it('list items of string lists are strings', () => {
    assert.deepEqual(read('build:\n  system_packages: [1, 2.50, true]\nenvironment: [3]\n').value, {
      build: { system_packages: ['1', '2.50', 'true'] },
      environment: ['3'],
    });
  });
  it('union-typed build.run items are not coerced', () => {
    assert.deepEqual(read('build:\n  run: [1, "2", {command: 3}]\n').value, {
      build: { run: [1, '2', { command: '3' }] },
    });
  });
  it('aliases resolve, keeping the anchored text', () => {
    assert.deepEqual(read('v: &v 3.10\nbuild: {python_version: *v, cuda: *v}\n').value, {
      v: 3.1,
      build: { python_version: '3.10', cuda: '3.10' },
    });
  });
  it('a __proto__ key is dropped, not assigned', () => {
    const { value } = read('__proto__: {polluted: true}\nimage: x\n');
    assert.deepEqual(value, { image: 'x' });
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
  });
  it('an empty document is null', () => {
    assert.equal(read('').value, null);
    assert.equal(read('# only a comment\n').value, null);
  });
  it('the caller decides the kinds', () => {
    assert.deepEqual(read('a: 1.50\nb: 1.50\n', (p) => (p[0] === 'a' ? 'string' : 'other')).value, {
      a: '1.50',
      b: 1.5,
    });
  });
});

describe('readYaml positions', () => {
  const source = read(
    'build:\n  python_version: "3.12"\n  run:\n    - echo\n    - {command: x}\nenvironment: [A=1, B=2]\n',
  );
  const at = (path: PathSegment[], prefer?: 'key' | 'value') => {
    const p = positionAt(source, path, prefer);
    return `${p.line}:${p.column}`;
  };
  it('values', () => {
    assert.equal(at(['build']), '2:3');
    assert.equal(at(['build', 'python_version']), '2:19');
    assert.equal(at(['build', 'run', 0]), '4:7');
    assert.equal(at(['build', 'run', 1, 'command']), '5:17');
    assert.equal(at(['environment', 1]), '6:20');
  });
  it('keys', () => {
    assert.equal(at(['build'], 'key'), '1:1');
    assert.equal(at(['build', 'run'], 'key'), '3:3');
    assert.equal(at(['environment'], 'key'), '6:1');
  });
  it('a missing node falls back to its nearest ancestor', () => {
    assert.equal(at(['build', 'cuda']), '2:3');
    assert.equal(at(['build', 'cuda'], 'key'), '1:1');
    assert.equal(at(['nope', 'deeper']), '1:1');
  });
  it('pointer escapes like JSON pointer', () => {
    assert.equal(pointer(['a/b', 'c~d', 0]), '/a~1b/c~0d/0');
    assert.equal(pointer([]), '');
  });
});

describe('readYaml errors', () => {
  it('reports every syntax error with its position', () => {
    const result = readYaml('a: [\nb: ]\n', 'x.yaml', fieldKind);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.ok(result.errors.length >= 1);
    assert.equal(result.errors[0]?.position.file, 'x.yaml');
    assert.equal(typeof result.errors[0]?.position.line, 'number');
  });
  it('refuses exponential alias expansion', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 7; i++)
      levels.push(
        `l${i}: &l${i} [${Array(10)
          .fill(i === 1 ? '*a' : `*l${i - 1}`)
          .join(', ')}]`,
      );
    const result = readYaml(levels.join('\n') + '\n', 'cog.yaml', fieldKind);
    assert.equal(result.ok, false);
    if (!result.ok)
      assert.match(result.errors[0]?.message ?? '', /expands to more than 100000 nodes/);
  });
});

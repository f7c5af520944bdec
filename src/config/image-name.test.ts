// Default image names (§2.3 examples) and the -t > image > model > default precedence.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultImageName, resolveImageName } from './image-name.ts';

describe('defaultImageName', () => {
  const rows: Array<[string, string]> = [
    ['/home/joe/foo', 'cog-foo'],
    ['/home/joe/Foo', 'cog-foo'],
    ['/home/joe/cog-foo', 'cog-foo'],
    ['/home/joe/my great model', 'cog-my-great-model'],
    ['/home/joe/my_model.v2', 'cog-mymodelv2'],
    ['/home/joe/foo/', 'cog-foo'],
    ['relative/dir', 'cog-dir'],
    // Deliberate changes: no trailing dash, never the invalid bare `cog-`.
    ['/home/joe/foo-', 'cog-foo'],
    ['/home/joe/日本', 'cog-model'],
    ['/', 'cog-model'],
  ];
  for (const [dir, name] of rows)
    it(`${dir} → ${name}`, () => assert.equal(defaultImageName(dir), name));

  it('a very long name is exactly 30 characters', () => {
    const name = defaultImageName('/home/joe/' + 'abcdefghij'.repeat(5));
    assert.equal(name, 'cog-abcdefghijabcdefghijabcdef');
    assert.equal(name.length, 30);
  });
  it('a long name already starting with cog- is cut to 26', () => {
    assert.equal(defaultImageName('/x/cog-' + 'a'.repeat(40)), 'cog-' + 'a'.repeat(22));
  });
});

describe('resolveImageName', () => {
  const dir = '/home/joe/foo';
  it('-t beats everything', () =>
    assert.equal(resolveImageName({ image: 'i', model: 'm' }, dir, 'tag'), 'tag'));
  it('image: when no -t', () =>
    assert.equal(resolveImageName({ image: 'r8.im/a/i' }, dir), 'r8.im/a/i'));
  it('model: when no image:', () =>
    assert.equal(resolveImageName({ model: 'r8.im/a/m' }, dir), 'r8.im/a/m'));
  it('the default otherwise', () => assert.equal(resolveImageName({}, dir), 'cog-foo'));
  it('an empty -t is no -t', () => assert.equal(resolveImageName({ image: 'i' }, dir, ''), 'i'));
});

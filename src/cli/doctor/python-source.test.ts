import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromImport, functionsOf, mentions, parseModule, plainImport } from './python-source.ts';

const source = [
  '"""Docstring',
  'class NotAClass:',
  '"""',
  'import os, a.b as c',
  'from cog import (BaseRunner,',
  '    Path)  # comment',
  '',
  '@dataclass',
  '@other(',
  '    x=1)',
  'class Runner(BaseRunner, metaclass=M):',
  '    model_config = ConfigDict(',
  '        arbitrary_types_allowed=True,',
  '    )',
  '    def run(self,',
  '            a: int) -> str:',
  '        s = """',
  'def fake():',
  '"""',
  '        return s',
  '',
  '    async def predict(self): pass',
  'x = "ExperimentalFeatureWarning"  # ExperimentalFeatureWarning',
  '',
].join('\n');

test('statements: strings, brackets, decorators and bodies', () => {
  const module = parseModule(source);
  assert.deepEqual(
    module.statements.map((s) => [s.start, s.end]),
    [
      [0, 3],
      [3, 4],
      [4, 6],
      [7, 22],
      [22, 23],
    ],
  );
  assert.deepEqual(
    module.classes.map((c) => [c.name, c.line, c.bases]),
    [['Runner', 10, ['BaseRunner', 'metaclass=M']]],
  );
  const body = (module.classes[0] as (typeof module.classes)[number]).body;
  assert.deepEqual(
    body.map((s) => [s.start, s.end]),
    [
      [11, 14],
      [14, 20],
      [21, 22],
    ],
  );
  assert.deepEqual(functionsOf(module.lines, body), [
    { name: 'run', line: 14, hasReturnAnnotation: true },
    { name: 'predict', line: 21, hasReturnAnnotation: false },
  ]);
});

test('imports and mentions', () => {
  const module = parseModule(source);
  assert.deepEqual(plainImport(module.statements[1] as never), [
    { name: 'os' },
    { name: 'a.b', alias: 'c' },
  ]);
  assert.deepEqual(fromImport(module.statements[2] as never), {
    module: 'cog',
    names: [{ name: 'BaseRunner' }, { name: 'Path' }],
  });
  // Strings and comments do not count; attributes (x.Name) are not the name.
  assert.equal(
    mentions((module.statements[4] as { text: string }).text, 'ExperimentalFeatureWarning'),
    false,
  );
  assert.equal(mentions('warnings.filterwarnings(category=EFW)', 'EFW'), true);
  assert.equal(mentions('cog.EFW', 'EFW'), false);
});

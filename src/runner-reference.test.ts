import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunnerReference, runnerLanguageOf } from './runner-reference.ts';
import { readFileSync } from 'node:fs';
import { devServerCommand, SERVER_NODE_FLAGS, serverCommand } from './server-command.ts';

const CASES: Array<[string, string, ReturnType<typeof parseRunnerReference>]> = [
  ['python class', 'run.py:Runner', { file: 'run.py', name: 'Runner', language: 'python' }],
  ['python in a folder', 'src/p.py:P', { file: 'src/p.py', name: 'P', language: 'python' }],
  ['typescript class', 'run.ts:Runner', { file: 'run.ts', name: 'Runner', language: 'node' }],
  ['typescript function', 'run.ts:run', { file: 'run.ts', name: 'run', language: 'node' }],
  ['.mts', 'src/run.mts:Runner', { file: 'src/run.mts', name: 'Runner', language: 'node' }],
  ['.js', 'run.js:run', { file: 'run.js', name: 'run', language: 'node' }],
  ['.mjs', 'run.mjs:$run', { file: 'run.mjs', name: '$run', language: 'node' }],
  ['no name', 'run.ts:', null],
  ['no file stem', '.ts:Runner', null],
  ['no colon', 'run.ts', null],
  ['other extension', 'run.rb:Runner', null],
  ['name is not an identifier', 'run.ts:Run-ner', null],
  ['python split twice', 'a.py:b.py:C', null],
];

for (const [name, ref, expected] of CASES) {
  test(`parseRunnerReference: ${name}`, () => {
    assert.deepEqual(parseRunnerReference(ref), expected);
  });
}

test('the runner language defaults to Python', () => {
  assert.equal(runnerLanguageOf(undefined), 'python');
  assert.equal(runnerLanguageOf('run.py:Runner'), 'python');
  assert.equal(runnerLanguageOf('run.ts:Runner'), 'node');
});

test('one server command per language', () => {
  assert.deepEqual(serverCommand('python'), ['python', '-m', 'cog.server.http']);
  assert.deepEqual(serverCommand('node', ['--x-mode', 'train']), [
    'node',
    '--max-semi-space-size=1',
    '--no-opt',
    '--no-maglev',
    '--expose-gc',
    '/usr/local/lib/cog/coglet.mjs',
    '--x-mode',
    'train',
  ]);
  assert.deepEqual(devServerCommand('python', ['-x']), [
    'python',
    '--check-hash-based-pycs',
    'never',
    '-m',
    'cog.server.http',
    '-x',
  ]);
});

test('Node images start the server with the V8 flags Python images get from cog.server.http', () => {
  const http = readFileSync(new URL('../python/cog/server/http.py', import.meta.url), 'utf8');
  const python = /^DEFAULT_NODE_FLAGS = "([^"]*)"$/m.exec(http)?.[1];
  assert.deepEqual(python?.split(' '), [...SERVER_NODE_FLAGS]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suggestCommands } from './suggest-command.ts';

const visible = ['build', 'doctor', 'exec', 'init', 'login', 'playground', 'push', 'run', 'serve'];

test('suggestCommands: typos, prefixes and the original explicit synonyms', () => {
  assert.deepEqual(suggestCommands('biuld', visible), ['build']);
  assert.deepEqual(suggestCommands('serv', visible), ['serve']);
  assert.deepEqual(suggestCommands('infer', visible), ['run']);
  assert.deepEqual(suggestCommands('authorize', visible), ['login']);
  assert.deepEqual(suggestCommands('new', visible), ['init']);
  assert.deepEqual(suggestCommands('gui', visible), ['playground', 'run']); // run is within edit distance 2, as in cobra
  assert.deepEqual(suggestCommands('http', visible), ['serve']);
  assert.deepEqual(suggestCommands('kubernetes', visible), []);
});

test('an explicit synonym for a hidden command is not suggested', () => {
  assert.deepEqual(suggestCommands('ui', ['build']), []);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultProgressMode, parseProgressMode } from './progress-mode.ts';

test('default progress mode', () => {
  const rows: Array<[string, NodeJS.ProcessEnv, string]> = [
    ['nothing set', {}, 'auto'],
    ['dumb terminal', { TERM: 'dumb' }, 'plain'],
    ['BUILDKIT_PROGRESS wins', { TERM: 'dumb', BUILDKIT_PROGRESS: 'quiet' }, 'quiet'],
    ['empty BUILDKIT_PROGRESS ignored', { BUILDKIT_PROGRESS: '' }, 'auto'],
  ];
  for (const [name, env, want] of rows) assert.equal(defaultProgressMode(env), want, name);
});

test('parse progress mode', () => {
  assert.equal(parseProgressMode('plain', {}), 'plain');
  assert.equal(parseProgressMode('', { TERM: 'dumb' }), 'plain');
  assert.equal(parseProgressMode(undefined, { BUILDKIT_PROGRESS: 'tty' }), 'tty');
  assert.throws(() => parseProgressMode('fancy', {}), /invalid progress mode "fancy"/);
  assert.throws(() => parseProgressMode(undefined, { BUILDKIT_PROGRESS: 'nope' }), /"nope"/);
});

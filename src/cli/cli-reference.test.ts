import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderCliReference } from './cli-reference.ts';

test('docs/cli/reference.md is up to date (regenerate: node scripts/generate-cli-docs.ts)', () => {
  const committed = readFileSync(new URL('../../docs/cli/reference.md', import.meta.url), 'utf8');
  assert.equal(committed, renderCliReference());
});

test('the reference covers the visible commands and leaves the hidden ones out', () => {
  const text = renderCliReference();
  for (const name of [
    'build',
    'doctor',
    'exec',
    'init',
    'login',
    'playground',
    'push',
    'run',
    'serve',
  ]) {
    assert.ok(text.includes(`## \`cog ${name}\``), name);
  }
  for (const name of ['predict', 'train', 'debug', 'weights']) {
    assert.ok(!text.includes(`## \`cog ${name}\``), name);
  }
  assert.ok(text.includes('Usage: cog build [options]'));
  assert.ok(text.includes('$ cog build -t my-model'));
});

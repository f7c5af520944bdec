import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingPythonPackage } from './package-install-failure.ts';

test('the requirement the installer could not find is named', () => {
  const cases: Array<[string[], string | undefined]> = [
    [
      [
        '#16 4.345 ERROR: Could not find a version that satisfies the requirement nonexistent-xyz==1.0 (from versions: none)',
        '#16 4.352 ERROR: No matching distribution found for nonexistent-xyz==1.0',
        '#16 ERROR: process "/bin/sh -c uv run pip install -r /tmp/requirements.txt" did not complete successfully: exit code: 1',
      ],
      'nonexistent-xyz==1.0',
    ],
    [['4.352 ERROR: No matching distribution found for torchh'], 'torchh'],
    [
      [
        '  × No solution found when resolving dependencies:',
        '  ╰─▶ Because nonexistent-xyz was not found in the package registry and you require nonexistent-xyz, we can conclude that your requirements are unsatisfiable.',
      ],
      'nonexistent-xyz',
    ],
    [
      ['  ╰─▶ Because there is no version of six==99.0 and you require six==99.0, we can conclude'],
      'six==99.0',
    ],
    [
      ['#9 ERROR: process "/bin/sh -c apt-get install nope" did not complete successfully'],
      undefined,
    ],
    [[], undefined],
  ];
  for (const [lines, expected] of cases)
    assert.equal(missingPythonPackage(lines), expected, lines.join('\n'));
});

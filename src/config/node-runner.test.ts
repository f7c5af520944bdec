// cog.yaml with a TypeScript/JavaScript runner: no build.python_version needed (Node base);
// the reference forms that are accepted and the ones that are not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from './parse-config.ts';

const ROWS: Array<[string, string, string | null]> = [
  ['a TypeScript class, no build section', 'run: "run.ts:Runner"\n', null],
  ['a JavaScript function', 'run: "run.mjs:run"\nbuild:\n  system_packages: [jq]\n', null],
  ['a train-only .mts', 'train: "train.mts:train"\n', null],
  ['a deprecated predict: on .js', 'predict: "predict.js:Predictor"\n', null],
  [
    'TypeScript with a Python version',
    'run: "run.ts:Runner"\nbuild:\n  python_version: "3.13"\n',
    null,
  ],
  ['an unknown extension', 'run: "run.rb:Runner"\n', "must be in the form 'run.py:Runner'"],
  [
    'a Python runner still needs python_version',
    'run: "run.py:Runner"\n',
    'python_version is required',
  ],
];

for (const [name, yaml, error] of ROWS) {
  test(`node runners: ${name}`, () => {
    const result = parseConfig(yaml, 'cog.yaml');
    if (error === null) {
      assert.ok(result.ok, result.ok ? '' : result.errors.map((e) => e.message).join('\n'));
    } else {
      assert.equal(result.ok, false);
      assert.match(
        result.ok ? '' : result.errors.map((e) => e.message).join('\n'),
        new RegExp(error.replace(/[.()]/g, '\\$&')),
      );
    }
  });
}

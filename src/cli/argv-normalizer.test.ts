import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CogError } from '../cog-error.ts';
import { normalizeArgv, parseBoolLiteral, type FlagTable } from './argv-normalizer.ts';

const table = (
  booleans: string[],
  valued: string[],
  subcommands: Record<string, FlagTable> = {},
  passThrough = false,
): FlagTable => ({
  booleans: new Set(booleans),
  valued: new Set(valued),
  subcommands: new Map(Object.entries(subcommands)),
  passThrough,
});

const build = table(
  ['--use-cog-base-image', '--no-use-cog-base-image', '--no-cache', '--separate-weights'],
  ['-t', '--tag', '-f', '--file'],
);
const exec = table(
  ['--use-cog-base-image', '--no-use-cog-base-image'],
  ['-e', '--env', '-p', '--publish'],
  {},
  true,
);
const run = table([], ['-i', '--input', '-o', '--output', '--json']);
const root = table(['--debug', '--no-color', '--version'], ['--registry'], { build, exec, run });

const rows: Array<{ name: string; argv: string[]; expected: string[] }> = [
  {
    name: 'plain flag untouched',
    argv: ['build', '--no-cache'],
    expected: ['build', '--no-cache'],
  },
  {
    name: 'bool =true',
    argv: ['build', '--use-cog-base-image=true'],
    expected: ['build', '--use-cog-base-image'],
  },
  {
    name: 'bool =false uses the hidden negation',
    argv: ['build', '--use-cog-base-image=false'],
    expected: ['build', '--no-use-cog-base-image'],
  },
  {
    name: 'bool =1',
    argv: ['build', '--separate-weights=1'],
    expected: ['build', '--separate-weights'],
  },
  {
    name: 'bool =T',
    argv: ['build', '--separate-weights=T'],
    expected: ['build', '--separate-weights'],
  },
  {
    name: 'bool =False without negation drops the token',
    argv: ['build', '--separate-weights=False'],
    expected: ['build'],
  },
  {
    name: '--no-x=false drops the token',
    argv: ['build', '--no-cache=false'],
    expected: ['build'],
  },
  {
    name: '--no-x=true keeps the flag',
    argv: ['build', '--no-cache=true'],
    expected: ['build', '--no-cache'],
  },
  {
    name: 'root bool after subcommand',
    argv: ['build', '--debug=true'],
    expected: ['build', '--debug'],
  },
  { name: 'root bool before subcommand', argv: ['--debug=0', 'build'], expected: ['build'] },
  { name: 'short with =', argv: ['run', '-i=prompt=hi'], expected: ['run', '-i', 'prompt=hi'] },
  { name: 'short glued value', argv: ['run', '-iprompt=hi'], expected: ['run', '-i', 'prompt=hi'] },
  {
    name: 'long value with = untouched',
    argv: ['run', '--json={"a":1}'],
    expected: ['run', '--json={"a":1}'],
  },
  {
    name: 'value that looks like a command stays a value',
    argv: ['--registry', 'build', 'run', '-o', 'exec'],
    expected: ['--registry', 'build', 'run', '-o', 'exec'],
  },
  {
    name: 'exec passes the rest through',
    argv: ['exec', 'python', '-e', 'x'],
    expected: ['exec', '--', 'python', '-e', 'x'],
  },
  {
    name: 'exec flags before the command stay cog flags',
    argv: [
      'exec',
      '-e',
      'A=1',
      '--use-cog-base-image=false',
      'python',
      '--use-cog-base-image=false',
    ],
    expected: [
      'exec',
      '-e',
      'A=1',
      '--no-use-cog-base-image',
      '--',
      'python',
      '--use-cog-base-image=false',
    ],
  },
  {
    name: 'exec with explicit --',
    argv: ['exec', '--', 'ls', '-la'],
    expected: ['exec', '--', 'ls', '-la'],
  },
  {
    name: 'exec named like a command',
    argv: ['exec', 'build', '--x'],
    expected: ['exec', '--', 'build', '--x'],
  },
  {
    name: 'after -- nothing is rewritten',
    argv: ['build', '--', '--no-cache=true'],
    expected: ['build', '--', '--no-cache=true'],
  },
  {
    name: 'unknown --x=y untouched',
    argv: ['build', '--bogus=true'],
    expected: ['build', '--bogus=true'],
  },
  {
    name: 'operand then command name is an operand',
    argv: ['run', 'img', 'build'],
    expected: ['run', 'img', 'build'],
  },
  {
    name: 'interspersed flags after operand',
    argv: ['run', 'img', '-i=a=b'],
    expected: ['run', 'img', '-i', 'a=b'],
  },
  { name: 'empty argv', argv: [], expected: [] },
];

for (const row of rows) {
  test(`normalizeArgv: ${row.name}`, () => {
    assert.deepEqual(normalizeArgv(row.argv, root), row.expected);
  });
}

test('normalizeArgv rejects a boolean value pflag would reject', () => {
  assert.throws(
    () => normalizeArgv(['build', '--use-cog-base-image=yes'], root),
    (error: unknown) =>
      error instanceof CogError &&
      error.code === 'USAGE' &&
      error.message ===
        'invalid argument "yes" for "--use-cog-base-image" flag: expected true or false',
  );
});

test('parseBoolLiteral accepts exactly the strconv.ParseBool literals', () => {
  for (const literal of ['1', 't', 'T', 'TRUE', 'true', 'True'])
    assert.equal(parseBoolLiteral('--x', literal), true);
  for (const literal of ['0', 'f', 'F', 'FALSE', 'false', 'False'])
    assert.equal(parseBoolLiteral('--x', literal), false);
  for (const literal of ['', 'yes', 'tRUE', 'on'])
    assert.throws(() => parseBoolLiteral('--x', literal), CogError);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command, CommanderError } from 'commander';
import { flagTableOf } from './argv-normalizer.ts';
import { translateCommanderError } from './commander-errors.ts';
import { parseOnly } from './cli-test-harness.ts';

const build = new Command('cog').command('build');

const rows: Array<[code: string, message: string, expected: string]> = [
  ['commander.unknownOption', "error: unknown option '--foo'", 'unknown flag: --foo'],
  [
    'commander.unknownOption',
    "error: unknown option '--foo'\n(Did you mean --food?)",
    'unknown flag: --foo',
  ],
  ['commander.unknownOption', "error: unknown option '-x'", "unknown shorthand flag: 'x' in -x"],
  [
    'commander.optionMissingArgument',
    "error: option '-i, --input <name=value>' argument missing",
    'flag needs an argument: --input',
  ],
  [
    'commander.unknownCommand',
    "error: unknown command 'frob'",
    'unknown command "frob" for "cog build"',
  ],
  ['commander.conflictingOption', 'error: something else', 'something else'],
];

for (const [code, message, expected] of rows) {
  test(`translateCommanderError: ${code} ${message.split('\n')[0]}`, () => {
    const translated = translateCommanderError(new CommanderError(1, code, message), build);
    assert.equal(translated?.message, expected);
    assert.equal(translated?.code, 'USAGE');
    assert.equal(translated?.hint, "Run 'cog build --help' for usage.");
  });
}

test('help and version displays are not errors', () => {
  assert.equal(
    translateCommanderError(
      new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'),
      build,
    ),
    undefined,
  );
  assert.equal(
    translateCommanderError(new CommanderError(0, 'commander.version', '1.0'), build),
    undefined,
  );
});

test('the flag table read off the real command tree', async () => {
  const program = (await parseOnly(['init'])).parent as Command;
  const table = flagTableOf(program, new Set(['exec']));
  assert.ok(table.booleans.has('--debug'));
  assert.ok(table.booleans.has('--no-color'));
  assert.ok(table.valued.has('--registry'));
  const buildTable = table.subcommands.get('build');
  assert.ok(buildTable?.booleans.has('--no-cache'));
  assert.ok(buildTable?.booleans.has('--use-cog-base-image'));
  assert.ok(buildTable?.booleans.has('--no-use-cog-base-image'));
  assert.ok(buildTable?.valued.has('-t'));
  assert.ok(buildTable?.valued.has('--secret'));
  assert.equal(buildTable?.passThrough, false);
  assert.equal(table.subcommands.get('exec')?.passThrough, true);
  assert.ok(table.subcommands.get('weights')?.subcommands.get('status')?.booleans.has('--json'));
});

// The shared flags: each group is registered whole, in order, by the commands that use it, and
// a shared flag reads the same in every command (one definition, not copies).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { Command, type Option } from 'commander';
import { Console } from '../console.ts';
import { createProgram } from '../program.ts';
import { CaptureStream } from '../cli-test-harness.ts';
import { addFlagGroup, addFlags, flagGroups } from './flag-groups.ts';

function program(): Command {
  const out = new CaptureStream();
  const console = new Console({ stdout: out, stderr: out, color: false });
  return createProgram(
    { console, cwd: process.cwd(), env: {}, stdin: Readable.from(['']) },
    { writeOut: (t) => out.write(t), writeErr: (t) => out.write(t) },
  );
}

function sub(root: Command, name: string): Command {
  const found = root.commands.find((c) => c.name() === name);
  assert.ok(found, `command ${name}`);
  return found;
}

const describe = (o: Option): string =>
  `${o.flags} | ${o.description} | ${String(o.defaultValue)} | hidden=${o.hidden}`;

function groupOptions(group: keyof typeof flagGroups): string[] {
  return addFlagGroup(new Command('x'), group).options.map(describe);
}

/** The options of `command` whose flags are in `expected`, in the command's order. */
function pick(command: Command, expected: readonly string[]): string[] {
  const flags = new Set(expected.map((line) => line.split(' | ')[0]));
  return command.options.map(describe).filter((line) => flags.has(line.split(' | ')[0]));
}

test('model-environment: run, predict, train and exec register the whole group, in order', () => {
  const root = program();
  const expected = groupOptions('model-environment');
  assert.ok(expected.some((l) => l.startsWith('--use-cuda-base-image')));
  for (const name of ['run', 'predict', 'train', 'exec']) {
    assert.deepEqual(pick(sub(root, name), expected), expected, name);
  }
});

test('serve: the model-environment group without the hidden --dockerfile', () => {
  const serve = sub(program(), 'serve');
  const expected = groupOptions('model-environment').filter((l) => !l.startsWith('--dockerfile'));
  assert.deepEqual(pick(serve, expected), expected);
  assert.equal(
    serve.options.some((o) => o.long === '--dockerfile'),
    false,
  );
});

test('image-build: build and push register the whole group, in order', () => {
  const root = program();
  const expected = groupOptions('image-build');
  assert.equal(expected.length, flagGroups['image-build'].length + 2); // base-image is three options
  for (const name of ['build', 'push']) {
    assert.deepEqual(pick(sub(root, name), expected), expected, name);
  }
});

test('a shared flag has one definition: -e, -i, -f and --progress read the same everywhere', () => {
  const root = program();
  for (const flag of ['env', 'input', 'file', 'progress'] as const) {
    const [definition] = addFlags(new Command('x'), flag).options.map(describe);
    assert.ok(definition);
    const long = definition
      .split(' | ')[0]
      ?.split(' ')
      .find((p) => p.startsWith('--'));
    const users = root.commands.flatMap((c) => c.options.filter((o) => o.long === long));
    assert.ok(users.length >= 2, `${flag} is shared`);
    for (const option of users) assert.equal(describe(option), definition);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCaptured } from '../cli-test-harness.ts';

async function script(shell: string): Promise<string> {
  const { code, stdout } = await runCaptured(['completion', shell]);
  assert.equal(code, 0);
  return stdout;
}

const hasBash = spawnSync('bash', ['--version']).status === 0;

/** Sources the bash script and asks `_cog` to complete `words`, the last one being typed. */
async function bashComplete(text: string, words: string[]): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cog-completion-'));
  try {
    const file = path.join(dir, 'cog.bash');
    await writeFile(file, text);
    const array = ['cog', ...words].map((w) => `'${w}'`).join(' ');
    const result = spawnSync(
      'bash',
      [
        '-c',
        `source '${file}'; COMP_WORDS=(${array}); COMP_CWORD=${words.length}; _cog; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ],
      { encoding: 'utf8', cwd: dir },
    );
    assert.equal(result.status, 0, result.stderr);
    return result.stdout.split('\n').filter((l) => l !== '');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test(
  'bash: commands, flags, completion shells; hidden commands and root-only flags are not offered',
  { skip: !hasBash },
  async () => {
    const bash = await script('bash');
    assert.equal(spawnSync('bash', ['-n'], { input: bash }).status, 0);
    assert.deepEqual(await bashComplete(bash, ['bu']), ['build']);
    assert.deepEqual(await bashComplete(bash, ['p']), ['playground', 'push']);
    assert.deepEqual(await bashComplete(bash, ['pre']), []);
    assert.deepEqual(await bashComplete(bash, ['build', '--no-']), ['--no-cache', '--no-color']);
    assert.deepEqual(await bashComplete(bash, ['build', '--vers']), []);
    assert.deepEqual(await bashComplete(bash, ['completion', 'f']), ['fish']);
    assert.deepEqual(await bashComplete(bash, ['run', '--setup']), ['--setup-timeout']);
    assert.deepEqual(await bashComplete(bash, ['build', '--dockerf']), []);
  },
);

test('zsh reuses the bash function through bashcompinit', async () => {
  const zsh = await script('zsh');
  assert.match(zsh, /^#compdef cog\n/);
  assert.match(zsh, /bashcompinit/);
  assert.match(zsh, /complete -o default -F _cog cog/);
});

test('fish: one line per command and flag, quoted descriptions', async () => {
  const fish = await script('fish');
  assert.match(
    fish,
    /complete -c cog -n 'not __fish_seen_subcommand_from [^']*' -a build -d 'Build an image from cog\.yaml'/,
  );
  assert.match(
    fish,
    /complete -c cog -n '__fish_seen_subcommand_from build' -l tag -s t -r -d 'A name for the built image in the form \\'repository:tag\\''/,
  );
  assert.match(fish, /-n '__fish_seen_subcommand_from completion' -a zsh/);
  assert.doesNotMatch(fish, /-a predict\b/);
  assert.doesNotMatch(fish, /-l strip\b/);
});

test('an unsupported shell is a usage error', async () => {
  const { code, stderr } = await runCaptured(['completion', 'tcsh']);
  assert.equal(code, 1);
  assert.match(
    stderr,
    /'tcsh' is invalid for argument 'shell'\. Allowed choices are bash, zsh, fish, powershell\.\n/,
  );
});

test('without an argument the shell comes from $SHELL, else the help is printed', async () => {
  const zsh = await runCaptured(['completion'], { env: { SHELL: '/usr/bin/zsh' } });
  assert.equal(zsh.code, 0, zsh.stderr);
  assert.match(zsh.stdout, /^#compdef cog\n/);
  const pwsh = await runCaptured(['completion'], { env: { SHELL: '/opt/microsoft/pwsh' } });
  assert.match(pwsh.stdout, /Register-ArgumentCompleter -Native -CommandName cog/);
  const unknown = await runCaptured(['completion'], { env: { SHELL: '/bin/tcsh' } });
  assert.equal(unknown.code, 0, unknown.stderr);
  assert.match(unknown.stdout, /Usage: cog completion \[options\] \[shell\]/);
  assert.match(unknown.stdout, /bash, zsh, fish or powershell/);
});

test('powershell: every command with its flags, quotes doubled', async () => {
  const { code, stdout } = await runCaptured(['completion', 'powershell']);
  assert.equal(code, 0);
  assert.match(stdout, /^# PowerShell completion for cog/);
  assert.match(stdout, /\n {2}'build' = @\(.*@\('--tag', /);
  assert.match(stdout, /\n {2}'completion' = @\(@\('bash', 'bash'\), @\('zsh', 'zsh'\)/);
  assert.match(stdout, /\n {2}'' = @\(@\('build', /);
  // Single quotes in descriptions are doubled, PowerShell's escape inside '…'.
  assert.match(stdout, /'A name for the built image in the form ''repository:tag'''/);
});

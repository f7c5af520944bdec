// The README's quick start, run verbatim: the shell block after the `quick-start` marker is
// extracted from README.md and run by bash, line by line, with `cog` on PATH, in a scratch
// directory. If the README, the `cog init` template and the CLI drift apart, this fails.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { cogBin, repoRoot } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import { removeImages } from './lib/project.ts';

/** The first ```sh block after the `<!-- quick-start` marker. */
function quickStartBlock(readme: string): string {
  const marker = readme.indexOf('<!-- quick-start');
  assert.ok(marker >= 0, 'README.md has no quick-start marker');
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(marker));
  assert.ok(block?.[1], 'no ```sh block after the quick-start marker');
  return block[1];
}

const scratch = await mkdtemp(path.join(os.tmpdir(), 'cog-it-readme-'));

after(async () => {
  await removeImages(['my-model', 'cog-my-model']);
  await rm(scratch, { recursive: true, force: true });
  await assertNoLeftoverContainers();
});

test("the README's quick start runs verbatim and prints the prediction", async () => {
  const script = quickStartBlock(await readFile(path.join(repoRoot, 'README.md'), 'utf8'));
  assert.match(script, /^cog init/m);
  assert.match(script, /^cog run -i text=hello/m);
  const bin = path.join(scratch, 'bin');
  await execa('mkdir', ['-p', bin]);
  await writeFile(
    path.join(bin, 'cog'),
    `#!/bin/sh\nexec '${process.execPath}' '${cogBin}' "$@"\n`,
  );
  await chmod(path.join(bin, 'cog'), 0o755);
  const work = path.join(scratch, 'work');
  await execa('mkdir', ['-p', work]);
  const result = await execa('bash', ['-euo', 'pipefail', '-c', script], {
    cwd: work,
    env: {
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      NO_COLOR: '1',
      COG_NO_UPDATE_CHECK: '1',
    },
    reject: false,
    stripFinalNewline: false,
    timeout: 900_000,
  });
  assert.equal(result.exitCode, 0, String(result.stderr));
  assert.equal(String(result.stdout), 'hello hello\n');
  const inspect = await execa('docker', ['image', 'inspect', 'my-model'], { reject: false });
  assert.equal(inspect.exitCode, 0, 'cog build -t my-model left no image');
});

// `cog build --secret`: file and env secrets reach `build.run` mounts, and the values never end
// up in a label, the image history, a layer, or the CLI's output.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execa } from 'execa';
import { cog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import { inlineProject, type TempProject } from './lib/project.ts';

const image = `cog-it-secrets:${process.pid}`;
const FILE_SECRET = 'file-secret-value-4711';
const ENV_SECRET = 'env-secret-value-0815';
let project: TempProject;

before(async () => {
  project = await inlineProject('secrets', {
    'cog.yaml': [
      'build:',
      '  python_version: "3.11"',
      '  run:',
      "    - command: sh -c 'cat /etc/file-secret /etc/env-secret | md5sum > /secret-sum'",
      '      mounts:',
      '        - type: secret',
      '          id: file-secret',
      '          target: /etc/file-secret',
      '        - type: secret',
      '          id: env-secret',
      '          target: /etc/env-secret',
      'run: "run.py:Runner"',
      '',
    ].join('\n'),
    'run.py':
      'from cog import BaseRunner\n\nclass Runner(BaseRunner):\n    def run(self) -> str:\n        return "ok"\n',
    'file-secret.txt': FILE_SECRET,
    '.dockerignore': 'file-secret.txt\n',
  });
});
after(async () => {
  await project.dispose(image);
  await assertNoLeftoverContainers();
});

test('secrets are used by the build and kept out of the image', async () => {
  const result = await cog(
    [
      'build',
      '-t',
      image,
      '--progress',
      'plain',
      '--secret',
      'id=file-secret,src=file-secret.txt',
      '--secret',
      'id=env-secret,env=ENV_SECRET',
    ],
    {
      cwd: project.dir,
      env: { ENV_SECRET },
    },
  );
  assert.equal(result.exitCode, 0, result.stderr);
  const seen = await execa('docker', ['run', '--rm', '--entrypoint', 'cat', image, '/secret-sum']);
  const want = createHash('md5')
    .update(FILE_SECRET + ENV_SECRET)
    .digest('hex');
  assert.equal(String(seen.stdout).split(' ')[0], want, 'the RUN step saw both secrets');
  const inspect = await execa('docker', ['image', 'inspect', image]);
  const history = await execa('docker', ['history', '--no-trunc', image]);
  const files = await execa('docker', [
    'run',
    '--rm',
    '--entrypoint',
    'sh',
    image,
    '-c',
    'cat /etc/file-secret /etc/env-secret /src/file-secret.txt 2>/dev/null; true',
  ]);
  for (const secret of [FILE_SECRET, ENV_SECRET]) {
    assert.ok(!String(inspect.stdout).includes(secret), 'not in labels/config');
    assert.ok(!String(history.stdout).includes(secret), 'not in history');
    assert.ok(!String(files.stdout).includes(secret), 'not in a layer');
    assert.ok(
      !result.stderr.includes(secret) && !result.stdout.includes(secret),
      'not in our output',
    );
  }
});

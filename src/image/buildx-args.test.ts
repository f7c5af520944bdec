import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildxArgs, type BuildRequest } from './buildx-args.ts';

const base: BuildRequest = {
  contextDir: '/p',
  dockerfile: '/p/.cog/build/Dockerfile',
  tag: 'cog-p',
  progress: 'plain',
};
const tail = ['--progress', 'plain', '--load', '-t', 'cog-p', '/p'];
const head = ['buildx', 'build', '--platform', 'linux/amd64', '-f', '/p/.cog/build/Dockerfile'];

test('buildxArgs table', () => {
  const rows: Array<{ name: string; request: BuildRequest; want: string[] }> = [
    { name: 'minimal', request: base, want: [...head, ...tail] },
    {
      name: 'named context',
      request: { ...base, buildContexts: { cog_build: '/p/.cog/build' } },
      want: [...head, '--build-context', 'cog_build=/p/.cog/build', ...tail],
    },
    {
      name: 'secrets keep their order',
      request: {
        ...base,
        secrets: [
          { id: 'b', src: '/s' },
          { id: 'a', env: 'TOKEN' },
        ],
      },
      want: [...head, '--secret', 'id=b,src=/s', '--secret', 'id=a,env=TOKEN', ...tail],
    },
    {
      name: 'no cache',
      request: { ...base, noCache: true },
      want: [...head, '--no-cache', ...tail],
    },
    {
      name: 'labels sorted, values verbatim',
      request: {
        ...base,
        labels: { 'run.cog.version': '0.22.0', 'run.cog.config': '{"a":"b=c"}' },
      },
      want: [
        ...head,
        '--label',
        'run.cog.config={"a":"b=c"}',
        '--label',
        'run.cog.version=0.22.0',
        ...tail,
      ],
    },
    {
      name: 'build args and iidfile',
      request: { ...base, buildArgs: { SOURCE_DATE_EPOCH: '0' }, iidFile: '/t/iid' },
      want: [...head, '--build-arg', 'SOURCE_DATE_EPOCH=0', '--iidfile', '/t/iid', ...tail],
    },
    {
      name: 'quiet progress and another platform',
      request: { ...base, progress: 'quiet', platform: 'linux/arm64' },
      want: [
        'buildx',
        'build',
        '--platform',
        'linux/arm64',
        '-f',
        '/p/.cog/build/Dockerfile',
        '--progress',
        'quiet',
        '--load',
        '-t',
        'cog-p',
        '/p',
      ],
    },
  ];
  for (const row of rows) assert.deepEqual(buildxArgs(row.request), row.want, row.name);
});

test('buildxArgs: the terminal view asks buildx for rawjson events', () => {
  assert.deepEqual(buildxArgs({ ...base, progress: 'tty' }, { progress: 'rawjson' }), [
    ...head,
    '--progress',
    'rawjson',
    '--load',
    '-t',
    'cog-p',
    '/p',
  ]);
  assert.deepEqual(buildxArgs({ ...base, progress: 'tty' }).slice(-6, -4), ['--progress', 'tty']);
});

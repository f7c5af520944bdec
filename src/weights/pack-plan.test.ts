import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planLayers } from './pack-plan.ts';

const MiB = 1024 * 1024;

test('planLayers: table', () => {
  const rows: Array<
    [string, Array<[string, number]>, Array<[string, number | undefined, string[]]>]
  > = [
    [
      'small files share one gzip bundle, by path',
      [
        ['b.json', 3],
        ['a.json', 2],
      ],
      [['tar+gzip', 9, ['a.json', 'b.json']]],
    ],
    ['one small file: default level', [['a', 1]], [['tar+gzip', -1, ['a']]]],
    [
      'a large .safetensors is plain tar',
      [
        ['m.SafeTensors', 64 * MiB],
        ['c', 1],
      ],
      [
        ['tar+gzip', -1, ['c']],
        ['tar', undefined, ['m.SafeTensors']],
      ],
    ],
    ['a large .txt is gzip of its own', [['big.txt', 100 * MiB]], [['tar+gzip', -1, ['big.txt']]]],
    [
      'bundles split past 256 MiB',
      [
        ['a', 60 * MiB],
        ['b', 60 * MiB],
        ['c', 60 * MiB],
        ['d', 60 * MiB],
        ['e', 60 * MiB],
      ],
      [
        ['tar+gzip', 9, ['a', 'b', 'c', 'd']],
        ['tar+gzip', -1, ['e']],
      ],
    ],
  ];
  for (const [name, files, want] of rows) {
    const got = planLayers(files.map(([path, size]) => ({ path, size }))).map((l) => [
      l.mediaType.replace('application/vnd.oci.image.layer.v1.', ''),
      l.gzipLevel,
      l.files.map((f) => f.path),
    ]);
    assert.deepEqual(got, want, name);
  }
});

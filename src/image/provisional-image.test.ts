import { test } from 'node:test';
import assert from 'node:assert/strict';
import { currentOwner, processProbe, type ContainerOwner } from './container-owner.ts';
import { probe, self } from './container-owner.test-support.ts';
import type { DockerClient } from './docker-client.ts';
import { reapOrphanedProvisionalImages } from './orphan-reaper.ts';
import {
  isOrphanedProvisional,
  provisionalImageName,
  splitImageName,
} from './provisional-image.ts';

test('image names split into repository and tag the way docker tag reads them', () => {
  const cases: Array<[string, { repo: string; tag: string }]> = [
    ['my-model', { repo: 'my-model', tag: 'latest' }],
    ['my-model:v1', { repo: 'my-model', tag: 'v1' }],
    ['localhost:5000/me/model', { repo: 'localhost:5000/me/model', tag: 'latest' }],
    ['localhost:5000/me/model:2024-01', { repo: 'localhost:5000/me/model', tag: '2024-01' }],
    ['r8.im/alice/bunny', { repo: 'r8.im/alice/bunny', tag: 'latest' }],
  ];
  for (const [name, expected] of cases) assert.deepEqual(splitImageName(name), expected, name);
});

const nameOf = (o: Partial<ContainerOwner>): string =>
  provisionalImageName({ ...self, ...o }, () => 'abc123');

test('provisional names are unique, valid references that say who owns them', () => {
  // Golden: host, boot id and pid namespace are the first 12 hex digits of their sha256.
  assert.equal(
    provisionalImageName(self, () => 'abc123'),
    'cog-provisional-abc123:p100-s5000-h26f8567f2569-bb6f547b605f7-n2943caebb132',
  );
  assert.match(
    nameOf({}),
    /^cog-provisional-abc123:p100-s5000-h[0-9a-f]{12}-b[0-9a-f]{12}-n[0-9a-f]{12}$/,
  );
  assert.match(nameOf({ started: '', bootId: '', pidNamespace: '' }), /:p100-s-h[0-9a-f]{12}-b-n$/);
  // A start time that is not a number (another OS) is recorded as unknown, not copied.
  assert.match(nameOf({ started: 'x y' }), /:p100-s-h/);
  const a = provisionalImageName(currentOwner());
  const b = provisionalImageName(currentOwner());
  assert.notEqual(a, b);
  assert.match(a, /^cog-provisional-[0-9a-f]{16}:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/);
  assert.ok(a.length - a.indexOf(':') - 1 <= 128);
});

test('which provisional names are orphans', () => {
  const rows: Array<[string, string, boolean]> = [
    ['our own build', nameOf({}), false],
    ['a concurrent build (live CLI)', nameOf({ pid: 200, started: '7000' }), false],
    ['a build whose CLI was killed', nameOf({ pid: 300, started: '1' }), true],
    ['a recycled pid (started later)', nameOf({ pid: 200, started: '6000' }), true],
    ['a live CLI whose start time is unknown', nameOf({ pid: 200, started: '' }), false],
    ['another host sharing the daemon', nameOf({ pid: 300, host: 'other' }), false],
    ['this host before a reboot', nameOf({ pid: 200, bootId: 'boot-0' }), true],
    ['another pid namespace', nameOf({ pid: 300, pidNamespace: 'pid:[2]' }), false],
    ['the older form, no owner recorded', 'cog-provisional-abc123:build', false],
    [
      'a user image with an owner-looking tag',
      `my-model:${nameOf({ pid: 300 }).split(':')[1]}`,
      false,
    ],
    [
      'a user repo under the prefix',
      `cog-provisional-mine:${nameOf({ pid: 300 }).split(':')[1]}`,
      false,
    ],
    ['a registry image', `r8.im/cog-provisional-abc:${nameOf({ pid: 300 }).split(':')[1]}`, false],
    ['a garbage owner tag', 'cog-provisional-abc123:p-s1-h-b-n', false],
  ];
  for (const [name, image, expected] of rows)
    assert.equal(isOrphanedProvisional(image, self, probe), expected, name);
});

test('this process owns its own provisional names', () => {
  const me = currentOwner();
  assert.equal(isOrphanedProvisional(provisionalImageName(me), me, processProbe), false);
});

test('the reaper removes only the orphaned provisional names, by name', async () => {
  const removed: string[] = [];
  const dead = nameOf({ pid: 300 });
  const alive = nameOf({ pid: 200, started: '7000' });
  const client = {
    host: 'unix:///fake.sock',
    api: {
      listImages: async (options: unknown) => {
        assert.deepEqual(options, { filters: { reference: ['cog-provisional-*'] } });
        return [
          { Id: 'sha256:a', RepoTags: [dead, 'my-model:latest'] },
          { Id: 'sha256:b', RepoTags: [alive] },
          { Id: 'sha256:c', RepoTags: ['cog-provisional-abc123:build'] },
          { Id: 'sha256:d' },
        ];
      },
      getImage: (name: string) => ({
        remove: async (options: unknown) => {
          assert.deepEqual(options, { noprune: false });
          removed.push(name);
        },
      }),
    },
  } as unknown as DockerClient;
  assert.deepEqual(await reapOrphanedProvisionalImages(client, self, probe), [dead]);
  assert.deepEqual(removed, [dead]);
});

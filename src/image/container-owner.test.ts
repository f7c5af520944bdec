import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  currentOwner,
  isOrphaned,
  ownerLabels,
  parseStartTime,
  processProbe,
  type ContainerOwner,
} from './container-owner.ts';
import { probe, self } from './container-owner.test-support.ts';
import { reapOrphanedContainers } from './orphan-reaper.ts';
import type { DockerClient } from './docker-client.ts';

const owner = (o: Partial<ContainerOwner>): Record<string, string> =>
  ownerLabels({ ...self, ...o });

test('which containers are orphans', () => {
  const rows: Array<[string, Record<string, string>, boolean]> = [
    ['our own container', owner({}), false],
    ['a live CLI on this host', owner({ pid: 200, started: '7000' }), false],
    ['a dead CLI on this host', owner({ pid: 300, started: '1' }), true],
    ['a recycled pid (started later)', owner({ pid: 200, started: '6000' }), true],
    ['a live CLI whose start time is unknown', owner({ pid: 200, started: '' }), false],
    ['another host, dead pid', owner({ pid: 300, host: 'other' }), false],
    ['this host before a reboot', owner({ pid: 200, bootId: 'boot-0' }), true],
    ['another pid namespace, dead pid', owner({ pid: 300, pidNamespace: 'pid:[2]' }), false],
    ['no boot id recorded, live pid', owner({ pid: 200, bootId: '', started: '7000' }), false],
    ['no owner labels (older CLI)', { 'run.cog.cli': 'true' }, false],
    ['a garbage pid', { ...owner({}), 'run.cog.cli.pid': 'x' }, false],
  ];
  for (const [name, labels, expected] of rows)
    assert.equal(isOrphaned(labels, self, probe), expected, name);
});

test('the start time is field 22 of /proc/<pid>/stat, whatever the command name', () => {
  const rest = 'S 1 1 1 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 651872 3133440 412';
  assert.equal(parseStartTime(`123 (node) ${rest}`), '651872');
  assert.equal(parseStartTime(`123 (a b) (c)) ${rest}`), '651872');
});

test('this process is its own live owner', () => {
  const me = currentOwner();
  assert.equal(me.pid, process.pid);
  assert.equal(processProbe.alive(process.pid), true);
  assert.equal(isOrphaned(ownerLabels(me), me, processProbe), false);
  if (process.platform === 'linux') {
    assert.match(me.bootId, /^[0-9a-f-]{36}$/);
    assert.match(me.pidNamespace, /^pid:\[\d+\]$/);
    assert.equal(processProbe.started(process.pid), me.started);
    assert.notEqual(me.started, '');
  }
});

test('the reaper force-removes only the orphans', async () => {
  const removed: string[] = [];
  const client = {
    host: 'unix:///fake.sock',
    api: {
      listContainers: async (options: unknown) => {
        assert.deepEqual(options, { all: true, filters: { label: ['run.cog.cli.pid'] } });
        return [
          { Id: 'mine', Labels: owner({}) },
          { Id: 'dead', Labels: owner({ pid: 300 }) },
          { Id: 'elsewhere', Labels: owner({ pid: 300, host: 'other' }) },
        ];
      },
      getContainer: (id: string) => ({
        remove: async (options: unknown) => {
          assert.deepEqual(options, { force: true });
          removed.push(id);
        },
      }),
    },
  } as unknown as DockerClient;
  assert.deepEqual(await reapOrphanedContainers(client, self, probe), ['dead']);
  assert.deepEqual(removed, ['dead']);
});

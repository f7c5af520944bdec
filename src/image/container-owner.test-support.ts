// The owner and process probe both owner tables (containers, provisional image names) test
// against: this CLI is pid 100; pid 200 is alive since tick 7000, pid 300 is dead.
import type { ContainerOwner, ProcessProbe } from './container-owner.ts';

export const self: ContainerOwner = {
  pid: 100,
  host: 'box',
  bootId: 'boot-1',
  pidNamespace: 'pid:[1]',
  started: '5000',
};

export const probe: ProcessProbe = {
  alive: (pid) => pid === 100 || pid === 200,
  started: (pid) => (pid === 200 ? '7000' : pid === 100 ? '5000' : ''),
};

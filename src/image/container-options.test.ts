import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerCreateOptions, effectiveGpus, gpuDeviceRequests } from './container-options.ts';

test('gpu specifications', () => {
  assert.deepEqual(gpuDeviceRequests(''), []);
  assert.deepEqual(gpuDeviceRequests('all'), [
    { Driver: 'nvidia', Capabilities: [['gpu']], Count: -1 },
  ]);
  assert.deepEqual(gpuDeviceRequests('2'), [
    { Driver: 'nvidia', Capabilities: [['gpu']], Count: 2 },
  ]);
  assert.deepEqual(gpuDeviceRequests('device=0,1'), [
    { Driver: 'nvidia', Capabilities: [['gpu']], DeviceIDs: ['0', '1'] },
  ]);
  assert.throws(() => gpuDeviceRequests('lots'), /invalid GPU specification: "lots"/);
});

test('effectiveGpus', () => {
  assert.equal(effectiveGpus(undefined, true), 'all');
  assert.equal(effectiveGpus('', false), '');
  assert.equal(effectiveGpus('1', false), '1');
});

test('container options for a detached prediction container', () => {
  const options = containerCreateOptions({
    image: 'cog-x',
    env: ['A=1'],
    binds: ['/p:/src'],
    ports: [{ containerPort: 5000, hostIp: '127.0.0.1', hostPort: 0 }],
    gpus: 'all',
  });
  assert.equal(options.Image, 'cog-x');
  assert.equal(options.platform, 'linux/amd64');
  assert.deepEqual(options.Env, ['A=1']);
  assert.equal(options.Cmd, undefined, 'image CMD kept');
  assert.deepEqual(options.ExposedPorts, { '5000/tcp': {} });
  assert.deepEqual(options.HostConfig?.PortBindings, {
    '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
  });
  assert.deepEqual(options.HostConfig?.Binds, ['/p:/src']);
  assert.equal(options.HostConfig?.AutoRemove, true);
  assert.equal(options.HostConfig?.ShmSize, 6 * 1024 ** 3);
  assert.equal(options.HostConfig?.DeviceRequests?.length, 1);
  assert.equal(options.Labels?.['run.cog.cli'], 'true');
  assert.equal(options.OpenStdin, false);
});

test('container options for an attached exec', () => {
  const options = containerCreateOptions({
    image: 'cog-x',
    cmd: ['python', '-c', 'print(1)'],
    workdir: '/src',
    tty: true,
    stdin: true,
    ports: [{ containerPort: 8000, hostIp: '0.0.0.0', hostPort: 8000 }],
  });
  assert.deepEqual(options.Cmd, ['python', '-c', 'print(1)']);
  assert.equal(options.WorkingDir, '/src');
  assert.equal(options.Tty, true);
  assert.equal(options.OpenStdin, true);
  assert.equal(options.StdinOnce, true);
  assert.deepEqual(options.HostConfig?.PortBindings, {
    '8000/tcp': [{ HostIp: '0.0.0.0', HostPort: '8000' }],
  });
});

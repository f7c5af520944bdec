// ColonyOS with real images (docs/colonies.md): two `docker run IMAGE` executors of one built
// model share the queue; `cog run --remote colonies` prints the same stdout bytes as a local
// `cog run IMAGE`; `cog serve --executor colonies` serves a project directory; everything stops
// cleanly: containers gone, executors deregistered, no key in the image.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { cog, spawnCog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import { copyExample, type TempProject } from './lib/project.ts';
import { startRig, createColony, type Colony } from './lib/colonies-rig.ts';
import { ProcessState, type Process } from '../src/colonies/colonies-types.ts';
import { waitForFinalState } from '../src/colonies/subscriptions.ts';

let project: TempProject;
let colony: Colony;
const image = `cog-colonies-it-${randomBytes(3).toString('hex')}`;
const containers: string[] = [];

before(async () => {
  colony = await createColony(startRig());
  project = await copyExample('iterator');
  const built = await cog(['build', '-t', image], { cwd: project.dir });
  assert.equal(built.exitCode, 0, built.stderr);
});
after(async () => {
  if (containers.length > 0) await execa('docker', ['rm', '-f', ...containers], { reject: false });
  await project.dispose(image);
  await assertNoLeftoverContainers();
});

const userEnv = (): Record<string, string> => ({
  COLONIES_SERVER_HOST: '127.0.0.1',
  COLONIES_SERVER_PORT: colony.executorEnv('', '', '').COLONIES_SERVER_PORT ?? '',
  COLONIES_TLS: 'false',
  COLONIES_COLONY_NAME: colony.name,
  COLONIES_PRVKEY: colony.userKey,
});

async function approvedNames(type: string): Promise<string[]> {
  const all = await colony.user.getExecutors(colony.name);
  return all.filter((e) => e.state === 1 && e.executortype === type).map((e) => e.executorname);
}

async function waitFor(what: string, check: () => Promise<boolean>, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test('two docker run executors share 10 predictions; remote stdout = local stdout; docker stop deregisters', async () => {
  const type = image;
  for (const n of [1, 2]) {
    const name = `${image}-exec-${n}`;
    containers.push(name);
    // Self-registration with the colony key: a fresh executor key per container.
    const env = {
      ...colony.executorEnv('', type, name),
      COLONIES_COLONY_PRVKEY: colony.colonyKey,
      COG_EXECUTOR: 'colonies',
    };
    delete (env as Record<string, string>).COLONIES_PRVKEY;
    const args = ['run', '-d', '--rm', '--network', 'host', '--name', name];
    for (const [k, v] of Object.entries(env)) args.push('-e', `${k}=${v}`);
    await execa('docker', [...args, image]);
  }
  await waitFor('both executors', async () => (await approvedNames(type)).length === 2);
  const submitted = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      colony.user.submit({
        funcname: 'predict',
        kwargs: { text: `a b c ${i}`, delay: 0.1 },
        conditions: { colonyname: colony.name, executortype: type },
        maxexectime: 120,
        maxretries: 0,
        maxwaittime: -1,
        channels: ['output'],
      }),
    ),
  );
  const done: Process[] = await Promise.all(
    submitted.map((p) =>
      waitForFinalState(colony.user, { colonyName: colony.name, processId: p.processid }),
    ),
  );
  assert.ok(
    done.every((p) => p.state === ProcessState.success),
    JSON.stringify(done.map((p) => p.errors)),
  );
  assert.equal(new Set(done.map((p) => p.assignedexecutorid)).size, 2, 'both containers took work');

  const args = ['-i', 'text=same bytes here', '-i', 'delay=0'];
  const local = await cog(['run', image, ...args], { cwd: project.dir });
  const remote = await cog(['run', '--remote', 'colonies', '--executor-type', type, ...args], {
    cwd: project.dir,
    env: userEnv(),
  });
  assert.equal(local.exitCode, 0, local.stderr);
  assert.equal(remote.exitCode, 0, remote.stderr);
  assert.equal(remote.stdout, local.stdout);
  const localJson = await cog(['run', image, '--json', '{"text": "j k"}'], { cwd: project.dir });
  const remoteJson = await cog(
    ['run', '--remote', 'colonies', '--executor-type', type, '--json', '{"text": "j k"}'],
    { cwd: project.dir, env: userEnv() },
  );
  const strip = (text: string) =>
    JSON.parse(text.replace(/"predict_time": [0-9.e-]+/, '"predict_time": 0')) as unknown;
  assert.deepEqual(strip(remoteJson.stdout), strip(localJson.stdout));

  for (const name of containers.splice(0)) {
    await execa('docker', ['stop', name]);
  }
  await waitFor('deregistration', async () => (await approvedNames(type)).length === 0, 20_000);
  const inspect = await execa('docker', ['image', 'inspect', image]);
  assert.ok(
    !String(inspect.stdout).includes(colony.colonyKey) &&
      !String(inspect.stdout).includes('COLONIES_'),
    'no ColonyOS settings in the image',
  );
});

test('cog serve --executor colonies serves the project; SIGINT stops it cleanly', async () => {
  const type = `serve-${randomBytes(3).toString('hex')}`;
  const env = { ...userEnv(), COLONIES_PRVKEY: '', COLONIES_COLONY_PRVKEY: colony.colonyKey };
  const child = spawnCog(['serve', '--executor', 'colonies', '--executor-type', type], {
    cwd: project.dir,
    env,
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    await waitFor(
      `executor of type ${type}`,
      async () => (await approvedNames(type)).length === 1,
      300_000,
    );
    const r = await cog(
      ['run', '--remote', 'colonies', '--executor-type', type, '-i', 'text=from serve'],
      { cwd: project.dir, env: userEnv() },
    );
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, 'from serve\n');
  } finally {
    child.kill('SIGINT');
  }
  const result = await child;
  assert.equal(result.exitCode, 0, stderr);
  assert.match(stderr, /Pulling predictions from ColonyOS colony/);
  assert.ok(!stderr.includes(colony.colonyKey), 'the key is never printed');
  assert.deepEqual(await approvedNames(type), []);
});

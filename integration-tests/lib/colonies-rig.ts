// The private ColonyOS rig (integration-tests/colonies.sh) and fresh identities on it: each test
// file gets its own colony (random name), so files never see each other's queues.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ColoniesClient, type ColoniesServer } from '../../src/colonies/colonies-client.ts';
import { deriveId, generatePrivateKey } from '../../src/colonies/crypto.ts';
import { repoRoot } from './cog-cli.ts';

const script = path.join(repoRoot, 'integration-tests', 'colonies.sh');

export interface Rig {
  server: ColoniesServer;
  serverKey: string;
}

function run(command: 'start' | 'restart'): Rig {
  const out = execFileSync('bash', [script, command], { encoding: 'utf8', timeout: 900_000 });
  const env = Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((line) => line.split('=') as [string, string]),
  );
  return {
    server: {
      host: env.COLONIES_SERVER_HOST ?? '127.0.0.1',
      port: Number(env.COLONIES_SERVER_PORT),
      tls: false,
    },
    serverKey: env.COLONIES_SERVER_PRVKEY ?? '',
  };
}

/** Starts the rig (builds the binary on first use), or returns the running one. */
export const startRig = (): Rig => run('start');
/** Restarts the server process on the same database (channels are lost, as in production). */
export const restartServer = (): Rig => run('restart');

export interface Colony {
  name: string;
  colonyKey: string;
  userKey: string;
  /** A client as the colony's user (submits, cancels, reads). */
  user: ColoniesClient;
  owner: ColoniesClient;
  /** Adds and approves an executor; returns its key. */
  addExecutor(
    type: string,
    name?: string,
  ): Promise<{ name: string; key: string; client: ColoniesClient }>;
  /** The environment an executor needs to run with a pre-approved key. */
  executorEnv(key: string, type: string, name: string): Record<string, string>;
}

export async function createColony(rig: Rig): Promise<Colony> {
  const name = `cog-test-${randomBytes(4).toString('hex')}`;
  const colonyKey = generatePrivateKey();
  const userKey = generatePrivateKey();
  const admin = new ColoniesClient(rig.server, rig.serverKey);
  await admin.addColony(deriveId(colonyKey), name);
  const owner = admin.as(colonyKey);
  await owner.addUser({ colonyname: name, userid: deriveId(userKey), name: 'tester' });
  return {
    name,
    colonyKey,
    userKey,
    user: admin.as(userKey),
    owner,
    async addExecutor(type, executorName = `exec-${randomBytes(3).toString('hex')}`) {
      const key = generatePrivateKey();
      await owner.addExecutor({
        executorid: deriveId(key),
        executortype: type,
        executorname: executorName,
        colonyname: name,
      });
      await owner.approveExecutor(name, executorName);
      return { name: executorName, key, client: admin.as(key) };
    },
    executorEnv(key, type, executorName) {
      return {
        COLONIES_SERVER_HOST: rig.server.host,
        COLONIES_SERVER_PORT: String(rig.server.port),
        COLONIES_TLS: 'false',
        COLONIES_COLONY_NAME: name,
        COLONIES_PRVKEY: key,
        COLONIES_EXECUTOR_TYPE: type,
        COLONIES_EXECUTOR_NAME: executorName,
      };
    },
  };
}

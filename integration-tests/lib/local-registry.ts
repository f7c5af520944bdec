// A throw-away `docker-registry` (Debian's distribution 2.8) on 127.0.0.1 for one test file,
// optionally behind htpasswd auth; storage in a temp dir the test may inspect (or damage).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';

export interface LocalRegistry {
  host: string;
  dir: string;
  /** Where the filesystem driver keeps a blob's bytes. */
  blobPath(digest: string): string;
  /** The registry's own log (one line per request with `logRequests`), else ''. */
  log(): string;
  stop(): Promise<void>;
}

export function hasRegistryTools(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v docker-registry && command -v htpasswd'], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

async function status(host: string): Promise<number | undefined> {
  return fetch(`http://${host}/v2/`).then(
    (r) => r.status,
    () => undefined,
  );
}

export async function startRegistry(
  host: string,
  auth?: { user: string; password: string },
  options: { logRequests?: boolean } = {},
): Promise<LocalRegistry> {
  if ((await status(host)) !== undefined) throw new Error(`something already listens on ${host}`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cog-it-registry-'));
  const lines = [
    'version: 0.1',
    'log:',
    `  level: ${options.logRequests === true ? 'info' : 'error'}`,
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${dir}/data`,
    'http:',
    `  addr: ${host}`,
  ];
  if (auth !== undefined) {
    const hashed = execFileSync('htpasswd', ['-nbB', auth.user, auth.password], {
      encoding: 'utf8',
    });
    await writeFile(path.join(dir, 'htpasswd'), hashed);
    lines.push('auth:', '  htpasswd:', '    realm: cog-it', `    path: ${dir}/htpasswd`);
  }
  await writeFile(path.join(dir, 'config.yml'), `${lines.join('\n')}\n`);
  const logFile = path.join(dir, 'registry.log');
  const child: ResultPromise = execa('docker-registry', ['serve', path.join(dir, 'config.yml')], {
    reject: false,
    stdin: 'ignore',
    stdout: { file: logFile, append: true },
    stderr: { file: logFile, append: true },
  });
  const want = auth === undefined ? 200 : 401;
  for (let i = 0; i < 50 && (await status(host)) !== want; i++)
    await new Promise((r) => setTimeout(r, 200));
  if ((await status(host)) !== want) {
    child.kill('SIGTERM');
    throw new Error(`docker-registry did not come up on ${host}`);
  }
  return {
    host,
    dir,
    blobPath: (digest) => {
      const hex = digest.replace(/^sha256:/, '');
      return path.join(dir, 'data/docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    async stop() {
      child.kill('SIGTERM');
      await child;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

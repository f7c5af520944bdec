// Starts the built runtime (dist/coglet.mjs) as a ColonyOS executor child process, with a
// predictor from a temp directory and the repo's Python SDK: the in-image program without the
// image, for the executor scenarios that need no Docker.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './cog-cli.ts';

const PYTHON = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
  encoding: 'utf8',
}).trim();

export interface ExecutorProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves once the log says the loops run. */
  pulling: Promise<void>;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function writePredictor(files: Record<string, string>): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cog-colonies-model-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function startExecutor(
  dir: string,
  env: Record<string, string>,
  args: readonly string[] = [],
): ExecutorProcess {
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'coglet.mjs'), ...args], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      PYTHONPATH: path.join(repoRoot, 'python'),
      COG_PYTHON: PYTHON,
      COG_PREDICT_TYPE_STUB: 'run.py:Runner',
      COG_EXECUTOR: 'colonies',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  let onPulling: () => void = () => {};
  const pulling = new Promise<void>((resolve) => (onPulling = resolve));
  const take = (chunk: Buffer): void => {
    text += chunk.toString('utf8');
    if (/ pulling from colony /.test(text)) onPulling();
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const pullingOrExit = Promise.race([
    pulling,
    exited.then((code) => {
      throw new Error(`executor exited (${code}) before pulling:\n${text}`);
    }),
  ]);
  pullingOrExit.catch(() => {}); // only a caller that awaits it cares
  return {
    child,
    output: () => text,
    pulling: pullingOrExit,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

// Entry point of the Node worker (bundled to dist/coglet-worker.mjs, installed as
// /usr/local/lib/cog/coglet-worker.mjs). Two transports, one worker core (worker-core.ts):
//   node coglet-worker.mjs                      inside our runtime: frames on fd 3/4
//   node coglet-worker.mjs --ipc-url URL --working-dir DIR [--name NAME]
//                                               cog-runtime's file-based IPC (spec §10.3)
import { runFileIpcWorker } from './file-ipc-transport.ts';
import { runPipeWorker } from './pipe-transport.ts';
import { DEFAULT_SCHEMA_DIR } from './predictor-schema.ts';

const schemaDir = process.env.COG_NODE_SCHEMA_DIR || DEFAULT_SCHEMA_DIR;
const argv = process.argv.slice(2);

function flag(name: string): string | undefined {
  const index = argv.indexOf(name);
  if (index >= 0) return argv[index + 1];
  return argv.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);
}

const ipcUrl = flag('--ipc-url');
if (ipcUrl === undefined) {
  // Exit explicitly: timers or sockets the predictor left open must not keep the worker alive.
  process.exit(await runPipeWorker({ dir: process.cwd(), schemaDir }));
} else {
  const workingDir = flag('--working-dir');
  if (workingDir === undefined) {
    process.stderr.write('coglet-worker: --working-dir DIR is required with --ipc-url\n');
    process.exit(2);
  }
  await runFileIpcWorker({ ipcUrl, workingDir, name: flag('--name') ?? 'default', schemaDir });
}

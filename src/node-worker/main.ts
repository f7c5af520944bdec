// Entry point of the Node worker (bundled to dist/coglet-worker.mjs, installed as
// /usr/local/lib/cog/coglet-worker.mjs). Two transports, one worker core:
//   node coglet-worker.mjs                      inside our runtime: frames on fd 3/4
//   node coglet-worker.mjs --ipc-url URL --working-dir DIR [--name NAME]
//                                               cog-runtime's file-based IPC (spec §10.3)
import { DEFAULT_SCHEMA_DIR } from './predictor-schema.ts';
import { runPipeWorker } from './pipe-transport.ts';

const schemaDir = process.env.COG_NODE_SCHEMA_DIR || DEFAULT_SCHEMA_DIR;
await runPipeWorker({ dir: process.cwd(), schemaDir });

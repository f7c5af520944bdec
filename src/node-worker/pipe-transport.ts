// The Node worker inside our runtime: length-prefixed JSON frames on fd 3 (parent → worker) and
// fd 4 (worker → parent), as python/cog/_worker.py speaks them (docs/runtime-protocol.md).
// Exit codes: 0 after `shutdown` or EOF on fd 3, or after a schema-only load; 1 when loading or
// setup fails.
import net from 'node:net';
import { encodeFrame, FrameDecoder } from '../runtime/worker/frame-codec.ts';
import type { ParentMessage, WorkerMessage } from '../runtime/worker/worker-messages.ts';
import { splitReference } from './predictor-module.ts';
import { NodeWorker } from './worker-core.ts';

/** Runs the worker; resolves with the exit code once everything sent has been flushed. */
export async function runPipeWorker(options: { dir: string; schemaDir: string }): Promise<number> {
  const output = new net.Socket({ fd: 4, readable: false, writable: true });
  const input = new net.Socket({ fd: 3, readable: true, writable: false });
  const send = (message: WorkerMessage) => void output.write(encodeFrame(message));
  const exit = (code: number): Promise<number> =>
    new Promise((resolve) => output.end(() => resolve(code)));
  const worker = new NodeWorker({
    dir: options.dir,
    schemaDir: options.schemaDir,
    send,
    fileRef: (absolutePath) => ({ __cog_file__: absolutePath }),
  });
  worker.install();
  const messages = frames(input);
  const init = await messages.next();
  if (init.done || init.value.type !== 'init') return exit(2);
  const { file, name } = splitReference(init.value.predictor_ref);
  if (!(await worker.load(file, name, init.value.mode))) return exit(1);
  if (init.value.schema_only) return exit(0);
  if (!(await worker.setup())) return exit(1);
  for await (const message of messages) {
    switch (message.type) {
      case 'predict':
        worker.predict(message);
        break;
      case 'predict_batch':
        worker.predictBatch(message);
        break;
      case 'cancel':
        worker.cancel(message.id);
        break;
      case 'healthcheck':
        void worker.healthcheck(message.id);
        break;
      case 'warmup':
        // Our side of the round trip is this loop and the frame writer; there is no user code.
        send({ type: 'warmed', id: message.id });
        break;
      case 'shutdown':
        await worker.drain();
        return exit(0);
    }
  }
  worker.logs.flush(null);
  return exit(0);
}

async function* frames(socket: net.Socket): AsyncGenerator<ParentMessage> {
  const decoder = new FrameDecoder();
  for await (const chunk of socket as AsyncIterable<Buffer>) {
    for (const message of decoder.push(chunk)) yield message as ParentMessage;
  }
}

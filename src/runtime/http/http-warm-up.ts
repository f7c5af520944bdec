// Predictions through a private copy of the HTTP stack while the worker runs setup(). V8 compiles
// a function on its first call, and the server runs without the optimising tiers, so the path of
// a request (the body, its parsing, the service, the envelope, the reply) cost ~5 ms the first
// time against ~1 ms afterwards. A private server on a loopback port, with its own service and an
// in-process echo worker, takes that cost during setup instead of the first real request. Nothing
// of it is visible: no request lines, no metrics, not the real service, closed afterwards
// (docs/performance.md, "Runtime").
import { connect, type AddressInfo } from 'node:net';
import {
  PredictionService,
  type PredictionServiceOptions,
  type WorkerPort,
} from '../prediction/prediction-service.ts';
import { createHttpServer } from './http-server.ts';
import { formatRequestLine } from './request-log.ts';

const ECHO_SCHEMA = {
  components: {
    schemas: {
      Input: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
    },
  },
};

const BODY = '{"input":{"text":"warm-up"}}';
const REQUEST =
  'POST /predictions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
  `Content-Length: ${BODY.length}\r\n\r\n${BODY}`;

const OK_STATUS = Buffer.from('HTTP/1.1 200');

export interface HttpWarmUpOptions {
  /** The real service's options; what would make the warm-up visible is replaced. */
  service: PredictionServiceOptions;
  version: string;
  rounds: number;
  /** The whole warm-up gives up after this long (a loaded machine must not delay anything). */
  timeoutMs: number;
}

/**
 * Resolves with the number of requests answered when the rounds are done, or failed, or timed
 * out: the warm-up never fails startup.
 */
export async function warmUpHttpPath(options: HttpWarmUpOptions): Promise<number> {
  const service = echoService(options.service);
  const server = createHttpServer(
    { service, metrics: null, version: options.version, shutdown: () => {} },
    { logRequest: (entry) => void formatRequestLine(entry) },
  );
  const answered = { count: 0 };
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    await roundTrips(port, options.rounds, options.timeoutMs, answered);
  } catch {
    // Only a cold first request is at stake.
  } finally {
    server.close();
    server.closeAllConnections();
  }
  return answered.count;
}

function echoService(real: PredictionServiceOptions): PredictionService {
  const worker: WorkerPort = {
    send: (message) => {
      if (message.type !== 'predict') return;
      const output = message.input.text;
      setImmediate(() =>
        service.onWorkerMessage({ type: 'done', id: message.id, output, is_stream: false }),
      );
    },
    cancel: () => {},
    kill: () => {},
    admissionProblem: () => null,
    description: 'the warm-up echo',
  };
  const quiet = () => {};
  const {
    observer: _observer,
    oomKills: _oomKills,
    queue: _queue,
    warmUp: _warmUp,
    ...rest
  } = real;
  const service = new PredictionService(worker, {
    ...rest,
    maxConcurrency: 1,
    mirror: quiet,
    log: quiet,
    debug: quiet,
    onReady: quiet,
  });
  service.onWorkerMessage({
    type: 'schema',
    schema: ECHO_SCHEMA,
    is_async: false,
    is_stream: false,
    max_concurrency: null,
  });
  service.onWorkerMessage({ type: 'ready' });
  return service;
}

/** `rounds` requests one after another on one keep-alive connection; counts the answered ones. */
function roundTrips(
  port: number,
  rounds: number,
  timeoutMs: number,
  answered: { count: number },
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const timer = setTimeout(() => finish(new Error('warm-up timed out')), timeoutMs);
    let received = Buffer.alloc(0);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    socket.on('error', finish);
    socket.on('connect', () => socket.write(REQUEST));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      let end: number | null;
      try {
        end = responseEnd(received);
      } catch (error) {
        return finish(error as Error);
      }
      if (end === null) return;
      if (!received.subarray(0, 12).equals(OK_STATUS)) return finish(new Error('not answered'));
      answered.count++;
      received = received.subarray(end);
      if (answered.count === rounds) return finish();
      socket.write(REQUEST);
    });
    socket.on('end', () => finish(new Error('warm-up connection closed')));
  });
}

/** Where the first complete response in `bytes` ends, or null while it is incomplete. */
function responseEnd(bytes: Buffer): number | null {
  const headerEnd = bytes.indexOf('\r\n\r\n');
  if (headerEnd < 0) return null;
  const head = bytes.subarray(0, headerEnd).toString('latin1');
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  if (length === null) throw new Error('warm-up response without Content-Length');
  const end = headerEnd + 4 + Number(length[1]);
  return bytes.length >= end ? end : null;
}

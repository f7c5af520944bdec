// The HTTP transport adapter: listens on host:port and serves the route table in front of a
// RuntimeCore. POST /shutdown and the core's shutdown meet here: the core tells the adapter
// to stop accepting (close the listener, drop idle keep-alive connections) and, once the
// predictions are done, to close the rest.
import type { AddressInfo } from 'node:net';
import type { RuntimeCore } from '../core/runtime-core.ts';
import type { ServerLog } from '../server-log.ts';
import { createHttpServer } from './http-server.ts';
import { formatRequestLine, requestLogLevel } from './request-log.ts';

export interface HttpAdapterOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  version: string;
  /** Request-body bytes in flight across all connections (http-server.ts's default if unset). */
  bodyBudgetBytes?: number | undefined;
  /** Gets one line per request (request-log.ts); none when unset. */
  log?: ServerLog | undefined;
}

export interface HttpAdapter {
  port: number;
}

/** Listen first: a port that is taken fails here, before a worker exists to clean up. */
export async function startHttpAdapter(
  core: RuntimeCore,
  options: HttpAdapterOptions,
): Promise<HttpAdapter> {
  const log = options.log;
  const server = createHttpServer(
    {
      service: core.service,
      metrics: core.metrics,
      version: options.version,
      shutdown: () => void core.shutdown(),
      ...(log === undefined ? {} : { warn: (message: string) => log.warn(message) }),
    },
    {
      bodyBudgetBytes: options.bodyBudgetBytes,
      logRequest: log && ((entry) => log[requestLogLevel(entry)](formatRequestLine(entry))),
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  core.attach({
    stopAccepting: () => {
      server.close();
      server.closeIdleConnections();
    },
    close: () => server.closeAllConnections(),
  });
  return { port: (server.address() as AddressInfo).port };
}

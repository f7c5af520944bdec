// A short-lived HTTP endpoint on the Docker bridge's gateway address, so the model server in
// the container can deliver `output` webhooks while a prediction runs: that is how `cog run`
// prints iterator items as they are produced for models that do not offer server-sent events.
// It listens only on the bridge address (not on every interface), under a random path, and is
// closed through the cleanup stack.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CleanupStack } from '../image/cleanup-stack.ts';
import type { DockerClient } from '../image/docker-client.ts';

export interface WebhookListener {
  /** URL to give the server as `webhook`. */
  url: string;
  /** Receives every JSON body POSTed to the URL; replace it when a prediction starts. */
  onPayload: (body: unknown) => void;
}

/** The gateway address of Docker's default bridge network, as containers on it see the host. */
export async function bridgeGateway(client: DockerClient): Promise<string | undefined> {
  try {
    const network = (await client.api.getNetwork('bridge').inspect()) as {
      IPAM?: { Config?: Array<{ Gateway?: string }> };
    };
    return network.IPAM?.Config?.find((c) => c.Gateway !== undefined && !c.Gateway.includes(':'))
      ?.Gateway;
  } catch {
    return undefined;
  }
}

/**
 * Starts the listener. Start it before the container, so that the cleanup stack closes it only
 * after the container is gone: a webhook sent just after the final response then still lands
 * (and is ignored) instead of failing noisily in the server's log.
 */
export async function startWebhookListener(
  host: string,
  stack: CleanupStack,
): Promise<WebhookListener | undefined> {
  const token = randomBytes(16).toString('hex');
  const listener: WebhookListener = { url: '', onPayload: () => undefined };
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== `/${token}`) {
      res.statusCode = 404;
      res.end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        listener.onPayload(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        // A malformed body is the server's problem; the final response still carries the output.
      }
      res.setHeader('Content-Type', 'application/json');
      res.end('{}');
    });
  });
  const close = stack.defer(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(0, host, () => resolve(true));
  });
  if (!listening) {
    await close();
    return undefined;
  }
  server.unref();
  const { port } = server.address() as AddressInfo;
  listener.url = `http://${host}:${port}/${token}`;
  return listener;
}

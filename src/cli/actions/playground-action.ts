// `cog playground`: serve the web UI for a running Cog server until Ctrl-C (spec cli.md §10.4).
import type { CommandContext } from '../command-context.ts';
import type { PlaygroundOptions } from '../commands/playground.ts';
import { openBrowser } from '../open-browser.ts';
import { cogVersion } from '../version.ts';

export async function playgroundAction(
  options: PlaygroundOptions,
  context: CommandContext,
): Promise<void> {
  const { startPlaygroundServer } = await import('../playground/playground-server.ts');
  const server = await startPlaygroundServer({
    host: options.host,
    port: options.port,
    target: options.target,
    webhookHost: options.webhookHost,
    cogVersion: cogVersion(),
  });
  context.console.info(`Cog playground running at ${context.console.bold(server.url)}`);
  context.console.info('Press Ctrl+C to stop.');
  if (!options.noOpen) openBrowser(server.url, context);
  await untilSignal();
  context.console.info('');
  await server.close(5000);
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

// Opening a URL in the user's browser, best effort (`cog login`, `cog playground`): a machine
// without a browser still has the URL printed, so a failure is only a debug line.
import { spawn } from 'node:child_process';
import type { CommandContext } from './command-context.ts';

export function openBrowser(url: string, context: CommandContext): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, env: context.env });
    child.on('error', (error) =>
      context.console.debug(`could not open a browser: ${error.message}`),
    );
    child.unref();
  } catch (error) {
    context.console.debug(
      `could not open a browser: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

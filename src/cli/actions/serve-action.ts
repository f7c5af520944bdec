// The Docker-backed part of `cog serve`: runs the model's HTTP server in a container.
// Placeholder until the image stage lands: it fails loudly with NOT_IMPLEMENTED (exit 1)
// instead of doing nothing. The command file (commands/serve.ts) owns flags and help.
import { CogError } from '../../cog-error.ts';
import type { CommandContext } from '../command-context.ts';
import type { ServeOptions } from '../commands/serve.ts';

export async function serveAction(_options: ServeOptions, _context: CommandContext): Promise<void> {
  throw new CogError('NOT_IMPLEMENTED', '"cog serve" is not implemented yet', {
    hint: 'This rewrite does not talk to Docker yet; use the original Cog for "cog serve" meanwhile.',
  });
}

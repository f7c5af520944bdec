// The Docker-backed part of `cog push`: builds the model and pushes it to a registry.
// Placeholder until the image stage lands: it fails loudly with NOT_IMPLEMENTED (exit 1)
// instead of doing nothing. The command file (commands/push.ts) owns flags and help.
import { CogError } from '../../cog-error.ts';
import type { CommandContext } from '../command-context.ts';
import type { PushOptions } from '../commands/push.ts';

export async function pushAction(_options: PushOptions, _context: CommandContext): Promise<void> {
  throw new CogError('NOT_IMPLEMENTED', '"cog push" is not implemented yet', {
    hint: 'This rewrite does not talk to Docker yet; use the original Cog for "cog push" meanwhile.',
  });
}

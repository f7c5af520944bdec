// The Docker-backed part of `cog run`: builds the model and runs one prediction in a container.
// Placeholder until the image stage lands: it fails loudly with NOT_IMPLEMENTED (exit 1)
// instead of doing nothing. The command file (commands/run.ts) owns flags and help.
import { CogError } from '../../cog-error.ts';
import type { CommandContext } from '../command-context.ts';
import type { RunOptions } from '../commands/run.ts';

export async function runAction(_options: RunOptions, _context: CommandContext): Promise<void> {
  throw new CogError('NOT_IMPLEMENTED', '"cog run" is not implemented yet', {
    hint: 'This rewrite does not talk to Docker yet; use the original Cog for "cog run" meanwhile.',
  });
}

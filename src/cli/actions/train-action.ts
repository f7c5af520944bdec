// The Docker-backed part of `cog train`: builds the model and runs one training in a container.
// Placeholder until the image stage lands: it fails loudly with NOT_IMPLEMENTED (exit 1)
// instead of doing nothing. The command file (commands/train.ts) owns flags and help.
import { CogError } from '../../cog-error.ts';
import type { CommandContext } from '../command-context.ts';
import type { TrainOptions } from '../commands/train.ts';

export async function trainAction(_options: TrainOptions, _context: CommandContext): Promise<void> {
  throw new CogError('NOT_IMPLEMENTED', '"cog train" is not implemented yet', {
    hint: 'This rewrite does not talk to Docker yet; use the original Cog for "cog train" meanwhile.',
  });
}

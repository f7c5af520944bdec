// The Docker-backed part of `cog build`: builds a Docker image from cog.yaml.
// Placeholder until the image stage lands: it fails loudly with NOT_IMPLEMENTED (exit 1)
// instead of doing nothing. The command file (commands/build.ts) owns flags and help.
import { CogError } from '../../cog-error.ts';
import type { CommandContext } from '../command-context.ts';
import type { BuildOptions } from '../commands/build.ts';

export async function buildAction(_options: BuildOptions, _context: CommandContext): Promise<void> {
  throw new CogError('NOT_IMPLEMENTED', '"cog build" is not implemented yet', {
    hint: 'This rewrite does not talk to Docker yet; use the original Cog for "cog build" meanwhile.',
  });
}

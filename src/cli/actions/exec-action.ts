// The Docker-backed part of `cog exec`: runs a command in the project's container.
// Placeholder until the image stage lands: it fails loudly with NOT_IMPLEMENTED (exit 1)
// instead of doing nothing. The command file (commands/exec.ts) owns flags and help.
import { CogError } from '../../cog-error.ts';
import type { CommandContext } from '../command-context.ts';
import type { ExecOptions } from '../commands/exec.ts';

export async function execAction(_options: ExecOptions, _context: CommandContext): Promise<void> {
  throw new CogError('NOT_IMPLEMENTED', '"cog exec" is not implemented yet', {
    hint: 'This rewrite does not talk to Docker yet; use the original Cog for "cog exec" meanwhile.',
  });
}

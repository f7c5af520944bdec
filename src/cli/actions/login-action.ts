// The Docker-backed part of `cog login`: stores registry credentials for Docker.
// Placeholder until the image stage lands: it fails loudly with NOT_IMPLEMENTED (exit 1)
// instead of doing nothing. The command file (commands/login.ts) owns flags and help.
import { CogError } from '../../cog-error.ts';
import type { CommandContext } from '../command-context.ts';
import type { LoginOptions } from '../commands/login.ts';

export async function loginAction(_options: LoginOptions, _context: CommandContext): Promise<void> {
  throw new CogError('NOT_IMPLEMENTED', '"cog login" is not implemented yet', {
    hint: 'This rewrite does not talk to Docker yet; use the original Cog for "cog login" meanwhile.',
  });
}

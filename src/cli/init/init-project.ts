// `cog init`: writes the starter files.
import { CogError } from '../../cog-error.ts';
import type { CommandContext } from '../command-context.ts';

export async function initProject(_context: CommandContext): Promise<void> {
  throw new CogError('NOT_IMPLEMENTED', '"cog init" is not implemented yet');
}

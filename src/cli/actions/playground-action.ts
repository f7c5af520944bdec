// `cog playground`: the local web UI server. Not built yet; fails loudly (exit 1).
import { CogError } from '../../cog-error.ts';
import type { CommandContext } from '../command-context.ts';
import type { PlaygroundOptions } from '../commands/playground.ts';

export async function playgroundAction(
  _options: PlaygroundOptions,
  _context: CommandContext,
): Promise<void> {
  throw new CogError('NOT_IMPLEMENTED', '"cog playground" is not implemented yet', {
    hint: 'Talk to a running "cog serve" with curl meanwhile: POST http://localhost:8393/predictions',
  });
}

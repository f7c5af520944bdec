// `cog weights …`: managed weights (registry and local store). Not built yet; fails loudly.
import { CogError } from '../../cog-error.ts';
import type { CommandContext } from '../command-context.ts';
import type { WeightsOptions } from '../commands/weights.ts';

export async function weightsAction(
  options: WeightsOptions,
  _context: CommandContext,
): Promise<void> {
  throw new CogError(
    'NOT_IMPLEMENTED',
    `"cog weights ${options.subcommand}" is not implemented yet`,
    {
      hint: 'Managed weights need the registry client, which this rewrite does not have yet.',
    },
  );
}

// `cog debug`: load cog.yaml, plan the build and print the Dockerfile to stdout.
import { CogError } from '../../cog-error.ts';
import type { CommandContext } from '../command-context.ts';
import type { DebugOptions } from '../commands/debug.ts';

export async function printDebugDockerfile(
  _options: DebugOptions,
  _context: CommandContext,
): Promise<void> {
  throw new CogError('NOT_IMPLEMENTED', '"cog debug" is not implemented yet', {
    hint: 'It needs the config and dockerfile stages, which are not in this build yet.',
  });
}

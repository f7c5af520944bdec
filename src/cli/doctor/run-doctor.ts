// `cog doctor`: runs the project checks and prints the report.
import { CogError } from '../../cog-error.ts';
import type { CommandContext } from '../command-context.ts';
import type { DoctorOptions } from '../commands/doctor.ts';

export async function runDoctor(_options: DoctorOptions, _context: CommandContext): Promise<void> {
  throw new CogError('NOT_IMPLEMENTED', '"cog doctor" is not implemented yet');
}

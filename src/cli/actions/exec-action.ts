// `cog exec <command> [arg...]` (cli.md §9): build the dev image (no schema: a runner is not
// needed), then run the command in the foreground with the project mounted at /src. The
// container's exit code becomes ours (the original always exits 1; passing it through is what
// scripts need, see docs/run.md).
import { CogError } from '../../cog-error.ts';
import type { CommandContext } from '../command-context.ts';
import type { ExecOptions } from '../commands/exec.ts';
import { runInDevImage } from './foreground-dev-run.ts';
import { parsePublish } from './publish-flag.ts';

export async function execAction(options: ExecOptions, context: CommandContext): Promise<void> {
  const ports = options.publish.map(parsePublish);
  const code = await runInDevImage(
    { flags: options, cmd: options.command, env: options.env, ports },
    context,
  );
  if (code !== 0)
    throw new CogError('CONTAINER_EXIT', `container exited with status ${code}`, {
      exitCode: code,
    });
}

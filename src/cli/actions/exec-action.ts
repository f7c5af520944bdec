// `cog exec <command> [arg...]` (cli.md §9): build the dev image (no schema: a runner is not
// needed), then run the command in the foreground with the project mounted at /src. The
// container's exit code becomes ours (the original always exits 1; passing it through is what
// scripts need, see docs/run.md).
import { CogError } from '../../cog-error.ts';
import { runAttached } from '../../image/attached-run.ts';
import { withCleanup } from '../../image/cleanup-stack.ts';
import { effectiveGpus, gpuDeviceRequests } from '../../image/container-options.ts';
import { connectDocker } from '../../image/docker-client.ts';
import { parseProgressMode } from '../../image/progress-mode.ts';
import type { CommandContext } from '../command-context.ts';
import type { ExecOptions } from '../commands/exec.ts';
import { buildDevImage } from './dev-build.ts';
import { loadProject } from './load-project.ts';
import { parsePublish } from './publish-flag.ts';

export async function execAction(options: ExecOptions, context: CommandContext): Promise<void> {
  const ports = options.publish.map(parsePublish);
  gpuDeviceRequests(options.gpus ?? ''); // a bad --gpus value fails before anything is built
  const progress = parseProgressMode(options.progress, context.env);
  const client = await connectDocker(context.env);
  const project = loadProject(options.file, context);
  const code = await withCleanup(async (stack, scope) => {
    const built = await buildDevImage(
      {
        client,
        stack,
        project,
        file: options.file,
        progress,
        useCudaBaseImage: options.useCudaBaseImage,
        useCogBaseImage: options.useCogBaseImage,
        extractSchema: false,
        signal: scope.signal,
      },
      context,
    );
    context.console.info('');
    context.console.info(
      `Running ${options.command.join(' ')} in Docker with the current directory mounted as a volume...\n`,
    );
    const env = [
      ...options.env,
      'LOG_FORMAT=console',
      ...(context.env.RUST_LOG ? [`RUST_LOG=${context.env.RUST_LOG}`] : []),
    ];
    return runAttached({
      client,
      stack,
      spec: {
        image: built.name,
        cmd: options.command,
        env,
        workdir: '/src',
        binds: [`${project.projectDir}:/src`],
        ports,
        gpus: effectiveGpus(options.gpus, project.config.build?.gpu === true),
      },
      gpuRetry: true,
      warn: (m) => context.console.warn(m),
    });
  });
  if (code !== 0)
    throw new CogError('CONTAINER_EXIT', `container exited with status ${code}`, {
      exitCode: code,
    });
}

// The shared half of `cog exec` and `cog serve`: build the dev image (no schema), then run one
// command in it in the foreground with the project mounted at /src, logs streamed, the GPU
// retry on, and the container removed on every exit path. Returns the container's exit code;
// what that code means is the caller's business.
import { runAttached } from '../../image/attached-run.ts';
import { withCleanup } from '../../image/cleanup-stack.ts';
import type { RunningContainer } from '../../image/container.ts';
import {
  effectiveGpus,
  gpuDeviceRequests,
  type PortBinding,
} from '../../image/container-options.ts';
import { connectDocker, type DockerClient } from '../../image/docker-client.ts';
import { parseProgressMode } from '../../image/progress-mode.ts';
import { runnerLanguageOf, type RunnerLanguage } from '../../runner-reference.ts';
import type { CommandContext } from '../command-context.ts';
import type { DevImageFlags } from '../flags.ts';
import type { LoadedConfig } from '../../config/index.ts';
import { buildDevImage } from './dev-build.ts';
import { loadProject } from './load-project.ts';

export interface ForegroundDevRun {
  flags: DevImageFlags;
  /** The command, or a function of the model's worker language (the server differs per language). */
  cmd: readonly string[] | ((language: RunnerLanguage) => readonly string[]);
  /** The user's `-e` values; the log format (and RUST_LOG) are added. */
  env: readonly string[];
  ports: readonly PortBinding[];
  extraHosts?: readonly string[];
  /**
   * Called once the image is built, before the "Running …" line (serve warns about remote
   * daemons, and `--watch` starts watching the build inputs of the project it was built from).
   */
  beforeRunning?: (client: DockerClient, project: LoadedConfig) => void;
  /** Aborting it stops and removes the container (`--watch` rebuilds); the run returns its code. */
  stop?: AbortSignal;
  /** Info lines printed after the "Running …" line. */
  notices?: readonly string[];
  /** Where the container's stdout goes (serve sends its logs to stderr). */
  stdout?: NodeJS.WriteStream;
  exitCodeOnSignal?: (signal: NodeJS.Signals) => number;
  /** Called once the container has started (serve waits for the model's setup from here). */
  onStart?: (container: RunningContainer) => void;
}

export async function runInDevImage(
  run: ForegroundDevRun,
  context: CommandContext,
): Promise<number> {
  gpuDeviceRequests(run.flags.gpus ?? ''); // a bad --gpus value fails before anything is built
  const progress = parseProgressMode(run.flags.progress, context.env);
  const client = await connectDocker(context.env);
  const project = loadProject(run.flags.file, context);
  return withCleanup(
    async (stack, scope) => {
      const built = await buildDevImage(
        { client, stack, project, progress, flags: run.flags, extractSchema: false },
        scope.signal,
        context,
      );
      // Managed weights: read-only mounts of the local store, never copied into the image.
      const { prepareWeightMounts } = await import('../../weights/weight-mounts.ts');
      const weightBinds = await prepareWeightMounts({
        projectDir: project.projectDir,
        config: project.config,
        env: context.env,
        stack,
      });
      run.beforeRunning?.(client, project);
      // Stopping early is the stack's own cleanup (stop, remove), run ahead of time.
      run.stop?.addEventListener('abort', () => void stack.dispose(), { once: true });
      const language = runnerLanguageOf(project.config.predict || project.config.train);
      const cmd = typeof run.cmd === 'function' ? run.cmd(language) : run.cmd;
      context.console.info('');
      context.console.info(
        `Running ${cmd.join(' ')} in Docker with the current directory mounted as a volume...\n`,
      );
      for (const notice of run.notices ?? []) context.console.info(notice);
      return runAttached({
        client,
        stack,
        spec: {
          image: built.name,
          cmd,
          env: containerLogEnv(run.env, context.env),
          workdir: '/src',
          binds: [`${project.projectDir}:/src`, ...weightBinds],
          ports: run.ports,
          gpus: effectiveGpus(run.flags.gpus, project.config.build?.gpu === true),
          ...(run.extraHosts === undefined ? {} : { extraHosts: run.extraHosts }),
        },
        gpuRetry: true,
        warn: (m) => context.console.warn(m),
        ...(run.stdout === undefined ? {} : { stdout: run.stdout }),
        ...(run.onStart === undefined ? {} : { onStart: run.onStart }),
      });
    },
    run.exitCodeOnSignal === undefined ? {} : { exitCodeOnSignal: run.exitCodeOnSignal },
  );
}

/** The user's env, then console-format logs, then the host's RUST_LOG when set. */
export function containerLogEnv(userEnv: readonly string[], hostEnv: NodeJS.ProcessEnv): string[] {
  return [
    ...userEnv,
    'LOG_FORMAT=console',
    ...(hostEnv.RUST_LOG ? [`RUST_LOG=${hostEnv.RUST_LOG}`] : []),
  ];
}

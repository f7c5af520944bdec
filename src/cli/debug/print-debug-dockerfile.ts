// `cog debug`: load cog.yaml, plan the build and print the Dockerfile to stdout (build.md §9).
// With `--separate-weights`, the weights Dockerfile, runner Dockerfile and exclude patterns.
// This module is itself loaded lazily (by the debug command and fast-debug.ts), so its static
// imports of the config and dockerfile stages load with it, in one module graph: one dynamic
// import fewer than importing them here on use (~3 ms CPU of `cog debug`).
import path from 'node:path';
import { defaultImageName, loadConfig } from '../../config/index.ts';
import {
  debugOutput,
  findWeightPaths,
  listProjectFiles,
  planBuild,
} from '../../dockerfile/index.ts';
import type { CommandContext } from '../command-context.ts';
import type { DebugOptions } from './debug-options.ts';
import { cogVersion } from '../version.ts';

export async function printDebugDockerfile(
  options: DebugOptions,
  context: CommandContext,
): Promise<void> {
  const { console, env } = context;
  const loaded = loadConfig({ cwd: context.cwd, file: options.file });
  for (const warning of loaded.warnings) console.warn(warning.message);

  const version = cogVersion();
  const plan = planBuild({
    config: loaded.config,
    projectDir: loaded.projectDir,
    configFile: path.relative(loaded.projectDir, loaded.configPath).split(path.sep).join('/'),
    sdkWheel: { fileName: `cog-${version}-py3-none-any.whl`, version },
    nodeImage: env['COG_NODE_IMAGE'] || undefined,
    hostEnv: env,
    useCudaBaseImage: options.useCudaBaseImage,
    useCogBaseImage: options.useCogBaseImage,
    registryHost: context.registryHost,
    cwd: context.cwd,
    separateWeights: options.separateWeights
      ? {
          imageName: `${options.imageName ?? defaultImageName(loaded.projectDir)}-weights`,
          // The original walks the working directory, not the project root (build.md §5.11).
          entries: findWeightPaths(listProjectFiles(context.cwd)),
        }
      : undefined,
  });
  for (const warning of plan.warnings) console.warn(warning);
  for (const notice of plan.notices) console.info(notice);
  console.output(debugOutput(plan));
}

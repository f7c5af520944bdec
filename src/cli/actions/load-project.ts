// Shared first steps of the Docker-backed commands: find and load cog.yaml (printing its
// deprecation warnings), and adapt the CLI console to the image stage's build log.
import { loadConfig, type LoadedConfig } from '../../config/index.ts';
import type { BuildLog } from '../../image/build-image.ts';
import type { CommandContext } from '../command-context.ts';

export function loadProject(file: string, context: CommandContext): LoadedConfig {
  const loaded = loadConfig({ cwd: context.cwd, file });
  for (const warning of loaded.warnings) context.console.warn(warning.message);
  return loaded;
}

export function buildLog(context: CommandContext): BuildLog {
  return {
    info: (message) => context.console.info(message),
    warn: (message) => context.console.warn(message),
    debug: (message) => context.console.debug(message),
  };
}

// What every command action receives besides its own parsed options: the console, the
// process environment and working directory (injectable, so tests run in temp dirs), and
// the resolved global flags. Built fresh per invocation; there is no module-level state.
import type { Readable } from 'node:stream';
import type { Console } from './console.ts';

export interface CommandContext {
  console: Console;
  /** Directory the command runs in; project discovery starts here. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin: Readable;
  /** `--debug`: debug-level console, `COG_LOG_LEVEL=debug` in run/train containers. */
  debug: boolean;
  /** Hidden `--registry`: the Replicate registry host (default `$COG_REGISTRY_HOST` or `r8.im`). */
  registryHost: string;
}

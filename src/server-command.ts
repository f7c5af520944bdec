// The command that starts the in-image prediction server, in one place: the Dockerfile's CMD,
// `cog serve`, `cog train`'s container and the build's schema dump all use it. Python images
// keep the original's `python -m cog.server.http` (anything that starts a Cog image by that
// command keeps working; it execs node on coglet.mjs); Node images have no Python and run
// coglet.mjs directly.
import type { RunnerLanguage } from './runner-reference.ts';

/** Where the build installs the runtime bundle inside every image. */
export const COGLET_PATH = '/usr/local/lib/cog/coglet.mjs';

/**
 * V8 flags of the server (docs/performance.md, "Runtime"): a 1 MB young generation, no
 * optimising tiers, whose compiler threads and code cost ~20 MB of RSS under load, and `gc()`
 * for the scavenge before READY (runtime/core/young-garbage.ts). Python images
 * get the same from python/cog/server/http.py (DEFAULT_NODE_FLAGS, where COG_NODE_FLAGS
 * replaces them); Node images run node directly, so they are in the command. A test keeps both
 * lists equal. The worker of a Node model is started without them: user code keeps every tier.
 */
export const SERVER_NODE_FLAGS = [
  '--max-semi-space-size=1',
  '--no-opt',
  '--no-maglev',
  '--expose-gc',
] as const;

const PYTHON_SERVER = ['python', '-m', 'cog.server.http'] as const;
const NODE_SERVER = ['node', ...SERVER_NODE_FLAGS, COGLET_PATH] as const;

/** argv of the server for a model of this language; flags go after it. */
export function serverCommand(language: RunnerLanguage, flags: readonly string[] = []): string[] {
  return [...(language === 'node' ? NODE_SERVER : PYTHON_SERVER), ...flags];
}

/**
 * The server of a dev image (the project bind-mounted at /src): Python must not trust `.pyc`
 * files compiled from another checkout of the sources, so hash-based pycs are never checked.
 */
export function devServerCommand(
  language: RunnerLanguage,
  flags: readonly string[] = [],
): string[] {
  if (language === 'node') return serverCommand(language, flags);
  return ['python', '--check-hash-based-pycs', 'never', '-m', 'cog.server.http', ...flags];
}

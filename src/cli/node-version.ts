// The Node.js floor of the CLI (package.json `engines`). Older versions half-work (Node 20 prints
// MaxListenersExceededWarning on every `cog run`, which reads like a bug in the user's model), so
// the entry point refuses them in one line before loading anything else.
export const MINIMUM_NODE_MAJOR = 22;

/** The one-line refusal for `version` (as `process.version`), or undefined when it is supported. */
export function unsupportedNodeMessage(version: string): string | undefined {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1] ?? NaN);
  if (Number.isFinite(major) && major >= MINIMUM_NODE_MAJOR) return undefined;
  return `cog needs Node.js ${MINIMUM_NODE_MAJOR} or newer, but this is Node.js ${version}: install a current Node.js (https://nodejs.org/en/download) and run cog again`;
}

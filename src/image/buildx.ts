// Runs `docker buildx build` (argv from buildx-args.ts). BuildKit progress goes to our stderr as
// the user asked (--progress); on failure the last BuildKit error line becomes the message.
import { CogError } from '../cog-error.ts';
import { buildxArgs, type BuildRequest } from './buildx-args.ts';

export interface BuildxInfo {
  available: boolean;
  /** Docker Engine version the builder runs on (`docker version`), e.g. `26.1.5`. */
  engineVersion?: string | undefined;
  /** BuildKit version of the default builder, e.g. `0.8.0`; undefined when unknown. */
  buildkitVersion: string | undefined;
  /** Named build contexts need the Dockerfile frontend of BuildKit >= 0.10. */
  namedContexts: boolean;
}

let cachedInfo: Promise<BuildxInfo> | undefined;

/** Whether the buildx plugin is installed, and what its default builder can do. Cached per process. */
export function detectBuildx(): Promise<BuildxInfo> {
  cachedInfo ??= probeBuildx();
  return cachedInfo;
}

async function probeBuildx(): Promise<BuildxInfo> {
  const { execa } = await import('execa');
  // One call answers both questions: it fails when the plugin is missing.
  const inspect = await execa('docker', ['buildx', 'inspect'], { reject: false, timeout: 10_000 });
  if (inspect.exitCode !== 0)
    return { available: false, buildkitVersion: undefined, namedContexts: false };
  const buildkitVersion = parseBuildkitVersion(String(inspect.stdout));
  const server = await execa('docker', ['version', '--format', '{{.Server.Version}}'], {
    reject: false,
    timeout: 10_000,
  });
  const engineVersion = server.exitCode === 0 ? String(server.stdout).trim() : undefined;
  return {
    available: true,
    buildkitVersion,
    engineVersion,
    namedContexts: supportsNamedContexts(buildkitVersion, engineVersion),
  };
}

/** Reads `BuildKit version: v0.8+unknown` (or `Buildkit:`) from `docker buildx inspect`. */
export function parseBuildkitVersion(inspectOutput: string): string | undefined {
  const match = /^\s*Build[Kk]it(?: version)?:\s*v?(\d+\.\d+(?:\.\d+)?)/m.exec(inspectOutput);
  return match?.[1];
}

/**
 * Named contexts need BuildKit >= 0.10. Distribution builds of the engine may report BuildKit
 * as `v0.0.0+unknown`; then the engine version decides (Engine 23.0 shipped BuildKit 0.10+).
 */
export function supportsNamedContexts(
  buildkitVersion: string | undefined,
  engineVersion?: string,
): boolean {
  const [major = 0, minor = 0] = (buildkitVersion ?? '0.0').split('.').map(Number);
  if (major > 0 || minor > 0) return major > 0 || minor >= 10;
  const engineMajor = Number(/^(\d+)\./.exec(engineVersion ?? '')?.[1] ?? 0);
  return engineMajor >= 23;
}

export interface RunBuildOptions {
  signal?: AbortSignal;
  /** Environment of the docker CLI (DOCKER_HOST, secrets' env vars); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where progress goes; defaults to our stderr. */
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Runs one build with buildx. Resolves when the image is in the local store. */
export async function runBuildx(
  request: BuildRequest,
  options: RunBuildOptions = {},
): Promise<void> {
  const { execa } = await import('execa');
  const out = options.stderr ?? process.stderr;
  const interactive =
    out === process.stderr && process.stderr.isTTY === true && request.progress !== 'plain';
  // A terminal renderer needs the real terminal, so it is inherited; otherwise we tee the output
  // to keep the error lines for the message.
  const child = execa('docker', buildxArgs(request), {
    reject: false,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: interactive && request.progress !== 'quiet' ? 'inherit' : 'pipe',
    ...(options.signal === undefined ? {} : { cancelSignal: options.signal }),
    forceKillAfterDelay: 5_000,
    ...(options.env === undefined ? {} : { env: options.env, extendEnv: false }),
  });
  const tail: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    if (request.progress !== 'quiet') out.write(chunk);
    rememberTail(tail, chunk.toString('utf8'));
  });
  const result = await child;
  if (result.isCanceled) throw new CogError('INTERRUPTED', 'build interrupted');
  if (result.exitCode !== 0) {
    if (request.progress === 'quiet') out.write(tail.join('\n') + '\n');
    throw new CogError(
      'BUILD_FAILED',
      `Failed to build Docker image: ${buildErrorLine(tail) ?? `docker buildx build exited with status ${result.exitCode ?? 'unknown'}`}`,
    );
  }
}

function rememberTail(tail: string[], text: string): void {
  tail.push(...text.split('\n').filter((line) => line.trim() !== ''));
  if (tail.length > 200) tail.splice(0, tail.length - 200);
}

/** The most useful line of a failed build: BuildKit's final `ERROR:` line. */
export function buildErrorLine(lines: readonly string[]): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    const match = /^(?:#\d+ )?ERROR:?\s*(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined && match[1] !== '') return match[1];
  }
  return undefined;
}

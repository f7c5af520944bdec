// Runs `docker buildx build` (argv from buildx-args.ts). BuildKit progress goes to our stderr as
// the user asked (--progress); on a terminal (tty, or auto on a TTY) buildx emits rawjson events
// that our ink view draws (build-progress-runner.ts). On failure the last BuildKit error line
// becomes the message.
import { missingPythonPackage } from './package-install-failure.ts';
import { createPlainLogFilter, lineSplitter } from './plain-log-filter.ts';
import type { Readable } from 'node:stream';
import { CogError } from '../cog-error.ts';
import { buildxArgs, type BuildRequest } from './buildx-args.ts';
import type { TerminalStream } from './build-progress-runner.ts';
import type { ViewLibraries } from './build-progress-view.ts';
import type { ProgressMode } from './progress-mode.ts';

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

/**
 * `--progress=rawjson` arrived in buildx 0.12 (verified with 0.13.1, whose help does not list
 * it); older clients keep BuildKit's own tty renderer. Reads `github.com/docker/buildx v0.12.1 …`
 * or a distribution's `… 0.13.1+ds1 0.13.1+ds1-3`.
 */
export function buildxSupportsRawjson(versionOutput: string): boolean {
  const match = /\bv?(\d+)\.(\d+)\.\d+/.exec(versionOutput);
  if (match === null) return false;
  const major = Number(match[1]);
  return major > 0 || Number(match[2]) >= 12;
}

let cachedRawjson: Promise<boolean> | undefined;

/** Asked only when a build would use the terminal view, so other commands skip the call. */
function detectRawjson(env: NodeJS.ProcessEnv | undefined): Promise<boolean> {
  cachedRawjson ??= (async () => {
    const { execa } = await import('execa');
    const version = await execa('docker', ['buildx', 'version'], {
      reject: false,
      timeout: 10_000,
      ...(env === undefined ? {} : { env, extendEnv: false }),
    });
    return version.exitCode === 0 && buildxSupportsRawjson(String(version.stdout));
  })();
  return cachedRawjson;
}

/**
 * Whether our ink view draws the progress: `tty`, or `auto` on a terminal (as BuildKit decides);
 * `plain` and `quiet` never. `tty` without a terminal goes to buildx, which refuses it as the
 * original does.
 */
export function wantsProgressView(mode: ProgressMode, isTTY: boolean): boolean {
  return isTTY && (mode === 'tty' || mode === 'auto');
}

export interface RunBuildOptions {
  signal?: AbortSignal;
  /** Environment of the docker CLI (DOCKER_HOST, secrets' env vars); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where progress goes; defaults to our stderr. */
  stderr?: TerminalStream;
}

/** Runs one build with buildx. Resolves when the image is in the local store. */
export async function runBuildx(
  request: BuildRequest,
  options: RunBuildOptions = {},
): Promise<void> {
  const { execa } = await import('execa');
  const out = options.stderr ?? process.stderr;
  const libraries =
    wantsProgressView(request.progress, out.isTTY === true) && (await detectRawjson(options.env))
      ? await (await import('./build-progress-runner.ts')).loadViewLibraries()
      : undefined;
  const view = libraries !== undefined;
  const interactive =
    out === process.stderr && process.stderr.isTTY === true && request.progress !== 'plain';
  // BuildKit's own terminal renderer needs the real terminal, so it is inherited; otherwise we
  // read the output: to draw it, or to tee it and keep the error lines for the message.
  // Quiet still reads a plain log: BuildKit's quiet mode drops the failing step's output, which
  // names what went wrong (e.g. the requirement pip could not find).
  const quiet = request.progress === 'quiet';
  const renderer = view
    ? { progress: 'rawjson' as const }
    : quiet
      ? { progress: 'plain' as const }
      : {};
  const child = execa('docker', buildxArgs(request, renderer), {
    reject: false,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: !view && interactive && request.progress !== 'quiet' ? 'inherit' : 'pipe',
    ...(options.signal === undefined ? {} : { cancelSignal: options.signal }),
    forceKillAfterDelay: 5_000,
    ...(options.env === undefined ? {} : { env: options.env, extendEnv: false }),
  });
  const tail: string[] = [];
  let stepError: string | undefined;
  let result: Awaited<typeof child>;
  if (libraries !== undefined) {
    ({ result, stepError } = await drawProgress(child, {
      libraries,
      out,
      tail,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    }));
  } else {
    // Auto without a terminal: the plain log, condensed (plain-log-filter.ts).
    const condense = request.progress === 'auto' && out.isTTY !== true;
    const filter = createPlainLogFilter();
    const lines = lineSplitter((line) => {
      for (const kept of filter(line)) out.write(kept + '\n');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (condense) lines.push(chunk.toString('utf8'));
      else if (!quiet) out.write(chunk);
      rememberTail(tail, chunk.toString('utf8'));
    });
    result = await child;
    lines.end();
  }
  if (result.isCanceled) throw new CogError('INTERRUPTED', 'build interrupted');
  if (result.exitCode !== 0) {
    // Quiet prints only BuildKit's closing error block, not the `#<n>` step log.
    if (quiet) out.write(tail.filter((line) => !/^#\d+ /.test(line)).join('\n') + '\n');
    const missing = missingPythonPackage(tail);
    if (missing !== undefined) {
      throw new CogError(
        'PYTHON_PACKAGE_NOT_FOUND',
        `Failed to build Docker image: the Python package "${missing}" could not be installed: no matching version on the package index`,
        {
          hint: `Check the name and version of "${missing}" in your requirements file (build.python_requirements in cog.yaml, e.g. requirements.txt) or in build.python_packages.`,
        },
      );
    }
    const reason =
      buildErrorLine(tail) ??
      stepError ??
      `docker buildx build exited with status ${result.exitCode ?? 'unknown'}`;
    throw new CogError('BUILD_FAILED', `Failed to build Docker image: ${reason}`);
  }
}

/**
 * The terminal view over buildx's rawjson stderr; BuildKit's plain-text lines (the error block)
 * are printed below the summary and kept for the message.
 */
async function drawProgress<T extends { exitCode?: number | undefined }>(
  child: PromiseLike<T> & { stderr: Readable | null },
  {
    libraries,
    out,
    tail,
    signal,
  }: { libraries: ViewLibraries; out: TerminalStream; tail: string[]; signal?: AbortSignal },
): Promise<{ result: T; stepError: string | undefined }> {
  const [{ startBuildProgress }, { orderedSteps }] = await Promise.all([
    import('./build-progress-runner.ts'),
    import('./build-progress-state.ts'),
  ]);
  if (child.stderr === null) throw new Error('buildx stderr is not piped');
  const session = await startBuildProgress(child.stderr, {
    libraries,
    out,
    onText: (line) => {
      out.write(line + '\n');
      rememberTail(tail, line);
    },
  });
  let outcome: 'succeeded' | 'failed' = 'failed';
  // Ctrl-C: end the view at once, so no frozen spinner is left above the "Cancelled" line.
  signal?.addEventListener('abort', () => void session.finish('failed'), { once: true });
  try {
    const result = await child;
    outcome = result.exitCode === 0 ? 'succeeded' : 'failed';
    const state = await session.finish(outcome);
    const failed = orderedSteps(state).find((step) => step.error !== undefined);
    return { result, stepError: failed?.error };
  } finally {
    // Idempotent: an interrupted await still ends the view and restores the cursor.
    await session.finish(outcome);
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

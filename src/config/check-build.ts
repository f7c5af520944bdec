// `build.*` checks (§1.6 d) and `concurrency` (§1.6 f), which depends on the Python version.
// CUDA is checked for its format only (major.minor, major ≥ 11); whether a CUDA/cuDNN/torch/TF
// combination exists is the dockerfile stage's job, because it needs the version tables.
import { parseDecimal, report, type CheckContext } from './check-context.ts';
import { pythonVersionProblem } from './value-grammars.ts';
import { positionAt } from './yaml-source.ts';

export const MIN_PYTHON: readonly [number, number] = [3, 10];
export const MIN_PYTHON_FOR_CONCURRENCY: readonly [number, number] = [3, 11];
export const MIN_CUDA_MAJOR = 11;

const PYTHON_REQUIRED =
  'python_version is required. Add it to the build section of your cog.yaml, e.g. `python_version: "3.13"`';

export type VersionParse =
  { ok: true; major: number; minor: number } | { ok: false; message: string };

/** `3.13` / `3.13.1`: major and minor must be decimal numbers; the rest is not looked at. */
export function parsePythonVersion(version: string): VersionParse {
  const parts = version.split('.');
  if (parts.length < 2)
    return { ok: false, message: "must include major and minor version (e.g., '3.11')" };
  const major = parseDecimal(parts[0] ?? '');
  if (major === undefined) return { ok: false, message: 'invalid major version number' };
  const minor = parseDecimal(parts[1] ?? '');
  if (minor === undefined) return { ok: false, message: 'invalid minor version number' };
  return { ok: true, major, minor };
}

function atLeast(v: { major: number; minor: number }, min: readonly [number, number]): boolean {
  return v.major > min[0] || (v.major === min[0] && v.minor >= min[1]);
}

export function checkBuild(ctx: CheckContext): void {
  const build = ctx.config.build;
  if (build === undefined) {
    // Deliberate change (docs/config.md): the original accepts a config without `build` and then
    // generates `FROM python:-slim`. A Python version is needed to build anything, so say so now.
    report(ctx, {
      code: 'CONFIG_PYTHON_VERSION',
      field: 'build.python_version',
      message: PYTHON_REQUIRED,
      path: ['build'],
      atKey: true,
    });
    return;
  }
  checkPythonVersion(ctx, build.python_version);
  if (build.python_packages !== undefined && build.python_requirements !== undefined) {
    report(ctx, {
      code: 'CONFIG_PYTHON_PACKAGES',
      field: 'build',
      message: 'only one of python_packages or python_requirements can be set, not both',
      path: ['build', 'python_packages'],
      atKey: true,
    });
  }
  const requirements = build.python_requirements;
  if (requirements !== undefined && ctx.fileExists !== undefined && !ctx.fileExists(requirements)) {
    report(ctx, {
      code: 'CONFIG_REQUIREMENTS_MISSING',
      field: 'build.python_requirements',
      value: requirements,
      message: 'file does not exist',
      path: ['build', 'python_requirements'],
    });
  }
  if (build.cuda !== undefined) checkCudaFormat(ctx, build.cuda);
  checkCommandsAreOneLine(ctx);
}

/**
 * Each `build.run` / `build.pre_install` command becomes one `RUN` line, so after trimming it
 * must not contain a newline (a folded `>-` scalar is fine). The original finds this while
 * writing the Dockerfile; we report it here, with the same text and the command's position.
 */
function checkCommandsAreOneLine(ctx: CheckContext): void {
  const lists: Array<['run' | 'pre_install', string[]]> = [
    ['run', ctx.config.build?.run?.map((r) => r.command) ?? []],
    ['pre_install', ctx.config.build?.pre_install ?? []],
  ];
  for (const [key, commands] of lists) {
    commands.forEach((command, i) => {
      const trimmed = command.trim();
      if (!trimmed.includes('\n')) return;
      ctx.errors.push({
        code: 'CONFIG_BUILD_RUN',
        message:
          "One of the commands in 'run' contains a new line, which won't work. You need to create a new list item in YAML prefixed with '-' for each command.\n\n" +
          `This is the offending line: ${trimmed}`,
        position: positionAt(ctx.source, ['build', key, i]),
      });
    });
  }
}

function checkPythonVersion(ctx: CheckContext, version: string | undefined): void {
  const path = ['build', 'python_version'];
  if (version === undefined) {
    report(ctx, {
      code: 'CONFIG_PYTHON_VERSION',
      field: 'build.python_version',
      message: PYTHON_REQUIRED,
      path,
      atKey: true,
    });
    return;
  }
  const parsed = parsePythonVersion(version);
  const versionProblem = !parsed.ok
    ? parsed.message
    : atLeast(parsed, MIN_PYTHON)
      ? undefined
      : `minimum supported Python version is ${MIN_PYTHON.join('.')}`;
  // The version is written into `FROM python:<v>-slim` and `uv python install <v>`.
  const problem = versionProblem ?? pythonVersionProblem(version);
  if (problem !== undefined) {
    report(ctx, {
      code: 'CONFIG_PYTHON_VERSION',
      field: 'build.python_version',
      value: version,
      message: problem,
      path,
    });
  }
}

function checkCudaFormat(ctx: CheckContext, cuda: string): void {
  const parts = cuda.split('.');
  const major = parseDecimal(parts[0] ?? '');
  const problem =
    parts.length < 2
      ? "must include both major and minor versions (e.g., '11.8')"
      : major === undefined
        ? 'invalid major version number'
        : major < MIN_CUDA_MAJOR
          ? `minimum supported CUDA version is ${MIN_CUDA_MAJOR}`
          : undefined;
  if (problem !== undefined) {
    report(ctx, {
      code: 'CONFIG_CUDA',
      field: 'build.cuda',
      value: cuda,
      message: problem,
      path: ['build', 'cuda'],
    });
  }
}

export function checkConcurrency(ctx: CheckContext): void {
  const max = ctx.config.concurrency?.max;
  if (max === undefined) return;
  const path = ['concurrency', 'max'];
  if (max < 1) {
    report(ctx, {
      code: 'CONFIG_CONCURRENCY',
      field: 'concurrency.max',
      value: max,
      message: 'must be at least 1',
      path,
    });
    return;
  }
  const python = ctx.config.build?.python_version;
  const parsed = python === undefined ? undefined : parsePythonVersion(python);
  if (max > 1 && parsed?.ok === true && !atLeast(parsed, MIN_PYTHON_FOR_CONCURRENCY)) {
    report(ctx, {
      code: 'CONFIG_CONCURRENCY',
      field: 'concurrency.max',
      value: max,
      message: `concurrency requires Python ${MIN_PYTHON_FOR_CONCURRENCY.join('.')} or higher`,
      path,
    });
  }
}

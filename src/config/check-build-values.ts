// The `build.*` values that are written into the Dockerfile, its shell, or the staged
// requirements.txt, checked against their grammar (value-grammars.ts), so that no cog.yaml
// value can add a Dockerfile instruction, a shell command or a requirements line it was not
// meant to. Every item is checked and every problem reported, each at its own YAML node.
// (python_version is checked in check-build.ts; cuda/cudnn are only ever looked up in the
// version tables, never written as given.)
import { report, type CheckContext } from './check-context.ts';
import type { ConfigErrorCode } from './config-diagnostics.ts';
import {
  pythonPackageProblem,
  runCommandProblem,
  sdkVersionProblem,
  secretIdProblem,
  secretTargetProblem,
  systemPackageProblem,
} from './value-grammars.ts';
import type { PathSegment } from './yaml-source.ts';

export function checkBuildValues(ctx: CheckContext): void {
  const build = ctx.config.build;
  if (build === undefined) return;
  const check = checker(ctx);
  (build.system_packages ?? []).forEach((item, i) =>
    check(
      'CONFIG_SYSTEM_PACKAGES',
      `build.system_packages[${i}]`,
      ['build', 'system_packages', i],
      item,
      systemPackageProblem(item),
    ),
  );
  (build.python_packages ?? []).forEach((item, i) =>
    check(
      'CONFIG_PYTHON_PACKAGES',
      `build.python_packages[${i}]`,
      ['build', 'python_packages', i],
      item,
      pythonPackageProblem(item),
    ),
  );
  if (build.sdk_version !== undefined)
    check(
      'CONFIG_SDK_VERSION',
      'build.sdk_version',
      ['build', 'sdk_version'],
      build.sdk_version,
      sdkVersionProblem(build.sdk_version),
    );
  checkRunCommands(ctx, check);
}

type Check = (
  code: ConfigErrorCode,
  field: string,
  path: PathSegment[],
  value: string,
  problem: string | undefined,
) => void;

/** Reports `problem` (when there is one) for `value`. */
function checker(ctx: CheckContext): Check {
  return (code, field, path, value, problem) => {
    if (problem !== undefined) report(ctx, { code, field, value, message: problem, path });
  };
}

function checkRunCommands(ctx: CheckContext, check: Check): void {
  const rawRun = (ctx.raw.build as Record<string, unknown> | undefined)?.run;
  const items = Array.isArray(rawRun) ? rawRun : [];
  (ctx.config.build?.run ?? []).forEach((run, i) => {
    const isObject = typeof items[i] === 'object' && items[i] !== null;
    const path: PathSegment[] = isObject ? ['build', 'run', i, 'command'] : ['build', 'run', i];
    check('CONFIG_BUILD_RUN', `build.run[${i}]`, path, run.command, runCommandProblem(run.command));
    (run.mounts ?? []).forEach((mount, j) => {
      const at = ['build', 'run', i, 'mounts', j];
      const field = `build.run[${i}].mounts[${j}]`;
      check('CONFIG_BUILD_RUN', `${field}.id`, [...at, 'id'], mount.id, secretIdProblem(mount.id));
      check(
        'CONFIG_BUILD_RUN',
        `${field}.target`,
        [...at, 'target'],
        mount.target,
        secretTargetProblem(mount.target),
      );
    });
  });
  (ctx.config.build?.pre_install ?? []).forEach((command, i) =>
    check(
      'CONFIG_BUILD_RUN',
      `build.pre_install[${i}]`,
      ['build', 'pre_install', i],
      command,
      runCommandProblem(command),
    ),
  );
}

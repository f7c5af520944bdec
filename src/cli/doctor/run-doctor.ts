// `cog doctor [--fix]` (spec doctor.md): runs the checks group by group, prints one line
// per check (✔, or the worst severity with its findings below), applies fixes with --fix, and
// ends with a summary. Unfixed errors make the command fail with `doctor found issues`.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CogError } from '../../cog-error.ts';
import type { CommandContext } from '../command-context.ts';
import type { DoctorOptions } from '../commands/doctor.ts';
import type { Console } from '../console.ts';
import { configChecks } from './config-checks.ts';
import type { DoctorCheck, DoctorProject, Finding } from './doctor-check.ts';
import { environmentChecks } from './environment-checks.ts';
import { pythonChecks } from './python-checks.ts';

export const allChecks: readonly DoctorCheck[] = [
  ...configChecks,
  ...pythonChecks,
  ...environmentChecks,
];

export interface DoctorTally {
  errors: number;
  warnings: number;
  fixed: number;
  /** A check with a fix found errors (and --fix was not given): the summary suggests --fix. */
  fixable: boolean;
}

export async function runDoctor(options: DoctorOptions, context: CommandContext): Promise<void> {
  const { console } = context;
  console.warn(
    'NOTE: cog doctor is experimental. Behavior and checks may change in future versions.',
  );
  console.info('');
  const { findProjectRoot } = await import('../../config/index.ts');
  const { projectDir } = findProjectRoot(context.cwd, options.file);
  console.info(options.fix ? 'Running cog doctor --fix...' : 'Running cog doctor...');
  console.info('');

  const load = (): Promise<DoctorProject> => readProject(projectDir, options.file, context.env);
  const tally = await runChecks(allChecks, load, { console, fix: options.fix });
  console.info('');
  printSummary(console, tally, options.fix);
  if (tally.errors > 0) throw new CogError('DOCTOR_ISSUES', 'doctor found issues');
}

export async function readProject(
  projectDir: string,
  configFile: string,
  env: NodeJS.ProcessEnv,
): Promise<DoctorProject> {
  const { parseConfig } = await import('../../config/index.ts');
  const configPath = path.join(projectDir, configFile);
  const configText = existsSync(configPath) ? readFileSync(configPath, 'utf8') : undefined;
  const fileExists = (p: string): boolean => {
    try {
      statSync(path.resolve(projectDir, p));
      return true;
    } catch {
      return false;
    }
  };
  const parsed =
    configText === undefined ? undefined : parseConfig(configText, configFile, { fileExists });
  return { projectDir, configFile, configText, parsed, env };
}

export async function runChecks(
  checks: readonly DoctorCheck[],
  load: () => Promise<DoctorProject>,
  options: { console: Console; fix: boolean },
): Promise<DoctorTally> {
  const { console, fix } = options;
  const tally: DoctorTally = { errors: 0, warnings: 0, fixed: 0, fixable: false };
  let project = await load();
  let group: string | undefined;
  for (const check of checks) {
    if (check.group !== group) {
      console.info(check.group);
      group = check.group;
    }
    let findings: Finding[];
    try {
      findings = await check.run(project);
    } catch (error) {
      checkFailed(console, check, error, tally);
      continue;
    }
    if (findings.length === 0) {
      console.success(check.description);
      continue;
    }
    if (fix && check.fix !== undefined) {
      try {
        await check.fix(project);
      } catch (error) {
        // As in the original: a failed fix is an error of the check, its findings unshown.
        checkFailed(console, check, error, tally);
        continue;
      }
      console.success(`Fixed: ${check.description}`);
      printFindings(console, findings, false);
      tally.fixed += findings.length;
      // Unlike the original (which refreshed only after the migration), every later check
      // sees the fixed project.
      project = await load();
      continue;
    }
    const worst = findings.some((f) => f.severity === 'error')
      ? 'error'
      : findings.some((f) => f.severity === 'warning')
        ? 'warn'
        : 'info';
    console[worst](check.description);
    printFindings(console, findings, fix);
    if (check.fix !== undefined && worst === 'error') tally.fixable = true;
    count(tally, findings);
  }
  return tally;
}

function checkFailed(
  console: Console,
  check: DoctorCheck,
  error: unknown,
  tally: DoctorTally,
): void {
  console.error(`${check.description}: ${error instanceof Error ? error.message : String(error)}`);
  tally.errors++;
}

function count(tally: DoctorTally, findings: readonly Finding[]): void {
  tally.errors += findings.filter((f) => f.severity === 'error').length;
  tally.warnings += findings.filter((f) => f.severity === 'warning').length;
}

function printFindings(console: Console, findings: readonly Finding[], fix: boolean): void {
  for (const finding of findings) {
    const where =
      finding.file === undefined
        ? ''
        : finding.line === undefined
          ? `${finding.file} — `
          : `${finding.file}:${finding.line} — `;
    // Continuation lines of a multi-line message are printed as they are.
    console.info(`  ${where}${finding.message}`);
    if (fix)
      console.info(
        finding.remediation === undefined
          ? '  (no auto-fix available)'
          : `  Remediation: ${finding.remediation}`,
      );
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryLine(tally: DoctorTally, fix: boolean): string | undefined {
  if (tally.fixed > 0) {
    const parts = [`Fixed ${plural(tally.fixed, 'issue')}`];
    if (tally.warnings > 0) parts.push(`${plural(tally.warnings, 'warning')} remaining`);
    if (tally.errors > 0) parts.push(`${plural(tally.errors, 'unfixed error')}`);
    return `${parts.join('. ')}.`;
  }
  if (tally.errors === 0 && tally.warnings === 0) return undefined;
  const parts = [];
  if (tally.errors > 0) parts.push(plural(tally.errors, 'error'));
  if (tally.warnings > 0) parts.push(plural(tally.warnings, 'warning'));
  const hint = !fix && tally.fixable ? ' Run "cog doctor --fix" to auto-fix.' : '';
  return `Found ${parts.join(', ')}.${hint}`;
}

function printSummary(console: Console, tally: DoctorTally, fix: boolean): void {
  const line = summaryLine(tally, fix);
  if (line === undefined) console.success('no issues found');
  else console.info(line);
}

// The shape of a `cog doctor` check (spec cli.md §10.2): a group, a description, a function
// that returns findings, and optionally a fix. The project (config text, parse result) is read
// once into a DoctorProject and shared by every check.
import type { ConfigResult } from '../../config/index.ts';

export type Severity = 'error' | 'warning' | 'info';

export type CheckGroup = 'Config' | 'Python' | 'Environment';

export interface Finding {
  severity: Severity;
  message: string;
  /** Project-relative file the finding is about, if any. */
  file?: string;
  line?: number;
  /** What to do, shown with --fix for findings that were not fixed. */
  remediation?: string;
}

export interface DoctorProject {
  projectDir: string;
  /** The `-f` value, e.g. `cog.yaml`. */
  configFile: string;
  /** undefined when the file could not be read. */
  configText: string | undefined;
  /** undefined when the file could not be read. */
  parsed: ConfigResult | undefined;
  env: NodeJS.ProcessEnv;
}

export interface DoctorCheck {
  group: CheckGroup;
  description: string;
  run(project: DoctorProject): Promise<Finding[]>;
  /** Applies the fix for the findings `run` returned; all or nothing. */
  fix?(project: DoctorProject): Promise<void>;
}

/** The runner reference (`run:`/`predict:`) split into file and class. */
export function runnerReference(
  project: DoctorProject,
): { file: string; className: string } | undefined {
  const parsed = project.parsed;
  if (parsed === undefined || !parsed.ok || parsed.config.predict === undefined) return undefined;
  const [file, className] = parsed.config.predict.split(':');
  if (file === undefined || file === '' || className === undefined || className === '')
    return undefined;
  return { file, className };
}

// The shape of a `cog doctor` check (spec cli.md §10.2): a group, a description, a function
// that returns findings, and optionally a fix. The project (config text, parse result) is read
// once into a DoctorProject and shared by every check.
import { chmodSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ConfigResult } from '../../config/index.ts';
import { parseModule, type PyModule } from './python-source.ts';

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

/** A `file.py:Name` reference split at its last `:`; undefined unless both parts are set. */
export function splitReference(reference: string): { file: string; className: string } | undefined {
  const colon = reference.lastIndexOf(':');
  if (colon <= 0 || colon === reference.length - 1) return undefined;
  return { file: reference.slice(0, colon), className: reference.slice(colon + 1) };
}

/** The runner reference (`run:`, else the deprecated `predict:`) split into file and class. */
export function runnerReference(
  project: DoctorProject,
): { file: string; className: string } | undefined {
  const parsed = project.parsed;
  if (parsed === undefined || !parsed.ok || parsed.config.predict === undefined) return undefined;
  return splitReference(parsed.config.predict);
}

export function trainReference(
  project: DoctorProject,
): { file: string; className: string } | undefined {
  const parsed = project.parsed;
  if (parsed === undefined || !parsed.ok || parsed.config.train === undefined) return undefined;
  return splitReference(parsed.config.train);
}

export interface PythonFile {
  /** Project-relative path, as written in cog.yaml. */
  file: string;
  absolute: string;
  text: string;
  module: PyModule;
}

/** Reads and parses a project file; undefined when it is missing or unreadable. */
export function readPythonFile(project: DoctorProject, file: string): PythonFile | undefined {
  const absolute = path.resolve(project.projectDir, file);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch {
    return undefined;
  }
  return { file, absolute, text, module: parseModule(text) };
}

/** The files the Python checks look at: the runner's and the trainer's (once each). */
export function pythonFiles(project: DoctorProject): PythonFile[] {
  const names = [runnerReference(project)?.file, trainReference(project)?.file].filter(
    (f): f is string => f !== undefined,
  );
  return [...new Set(names)]
    .map((f) => readPythonFile(project, f))
    .filter((f): f is PythonFile => f !== undefined);
}

/** Writes a file through a temporary sibling and a rename, keeping its mode. */
export function replaceFile(absolute: string, text: string): void {
  const mode = statSync(absolute).mode & 0o7777;
  const temporary = `${absolute}.cog-doctor`;
  try {
    writeFileSync(temporary, text);
    chmodSync(temporary, mode);
    renameSync(temporary, absolute);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

// The `Python` group of `cog doctor`: static look at the runner file for the old pydantic
// workaround, imports the SDK no longer has, and run()/predict() without a return annotation
// (the output schema needs it).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  runnerReference,
  type DoctorCheck,
  type DoctorProject,
  type Finding,
} from './doctor-check.ts';
import { pydanticWorkaround } from './pydantic-workaround.ts';

async function runnerSource(
  project: DoctorProject,
): Promise<{ file: string; text: string } | undefined> {
  const reference = runnerReference(project);
  if (reference === undefined) return undefined;
  const file = path.join(project.projectDir, reference.file);
  if (!existsSync(file)) return undefined;
  return { file: reference.file, text: await readFile(file, 'utf8') };
}

const removedNames = ['ExperimentalFeatureWarning'];

const deprecatedImports: DoctorCheck = {
  group: 'Python',
  description: 'Deprecated imports',
  async run(project) {
    const source = await runnerSource(project);
    if (source === undefined) return [];
    const findings: Finding[] = [];
    source.text.split('\n').forEach((line, index) => {
      if (!/^\s*(from\s+cog\b.*\bimport\b|import\s+cog\b)/.test(line)) return;
      for (const name of removedNames.filter((n) => new RegExp(`\\b${n}\\b`).test(line))) {
        findings.push({
          severity: 'warning',
          message: `${name} is no longer part of cog; remove the import`,
          file: source.file,
          line: index + 1,
          remediation: `Delete ${name} from the import`,
        });
      }
    });
    return findings;
  },
};

const typeAnnotations: DoctorCheck = {
  group: 'Python',
  description: 'Type annotations',
  async run(project) {
    const source = await runnerSource(project);
    if (source === undefined) return [];
    return missingReturnAnnotations(source.text).map(({ method, line }) => ({
      severity: 'warning',
      message: `${method}() has no return type annotation; Cog needs it to describe the output`,
      file: source.file,
      line,
      remediation: `Add a return type, e.g. def ${method}(...) -> str:`,
    }));
  },
};

/** Finds `def run(`/`def predict(` whose signature (possibly several lines) has no `->`. */
export function missingReturnAnnotations(text: string): Array<{ method: string; line: number }> {
  const lines = text.split('\n');
  const out: Array<{ method: string; line: number }> = [];
  lines.forEach((line, index) => {
    const match = /^\s+(?:async\s+)?def\s+(run|predict)\s*\(/.exec(line);
    if (match === null) return;
    let signature = '';
    let depth = 0;
    for (let i = index; i < lines.length; i++) {
      const current = lines[i] as string;
      signature += `${current}\n`;
      for (const ch of current) depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
      if (depth <= 0 && /:\s*(#.*)?$/.test(current)) break;
    }
    if (!signature.includes('->')) out.push({ method: match[1] as string, line: index + 1 });
  });
  return out;
}

export const pythonChecks: readonly DoctorCheck[] = [
  pydanticWorkaround,
  deprecatedImports,
  typeAnnotations,
];

// The `Deprecated predict interface names` check and its fix: 0.22 renamed `predict:` to
// `run:`, `predict.py:Predictor` to `run.py:Runner`, `BasePredictor` to `BaseRunner` and
// `predict()` to `run()`. The fix rewrites the Python file and the cog.yaml line together and
// restores both if any step fails.
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CogError } from '../../cog-error.ts';
import { runnerReference, type DoctorProject, type Finding } from './doctor-check.ts';

const deprecatedPython = /\bBasePredictor\b|^class\s+Predictor\b|^\s+def\s+predict\s*\(/m;

export async function predictNameFindings(project: DoctorProject): Promise<Finding[]> {
  const findings: Finding[] = [];
  const parsed = project.parsed;
  const warning =
    parsed?.ok === true ? parsed.warnings.find((w) => w.field === 'predict') : undefined;
  if (warning !== undefined) {
    findings.push({
      severity: 'warning',
      message: 'predict in cog.yaml is deprecated; use run with run.py:Runner',
      file: project.configFile,
      line: warning.position.line,
      remediation: 'Rename predict to run in cog.yaml',
    });
  }
  const reference = runnerReference(project);
  if (reference !== undefined) {
    const file = path.join(project.projectDir, reference.file);
    const text = existsSync(file) ? await readFile(file, 'utf8') : '';
    if (deprecatedPython.test(text)) {
      findings.push({
        severity: 'warning',
        message: `${reference.file} uses deprecated Predictor/BasePredictor/predict() names`,
        file: reference.file,
        remediation:
          'Rename Predictor to Runner, BasePredictor to BaseRunner and predict() to run()',
      });
    }
  }
  return findings;
}

interface RenamePlan {
  oldFile: string;
  newFile: string;
  newSource: string | undefined;
  newConfig: string;
}

export async function fixPredictNames(project: DoctorProject): Promise<void> {
  const plan = await planRename(project);
  const configPath = path.join(project.projectDir, project.configFile);
  const oldPath = path.join(project.projectDir, plan.oldFile);
  const newPath = path.join(project.projectDir, plan.newFile);
  const originalConfig = project.configText ?? '';
  const originalSource = existsSync(oldPath) ? await readFile(oldPath, 'utf8') : undefined;
  try {
    if (plan.newSource !== undefined) {
      await writeFile(`${newPath}.cog-doctor`, plan.newSource);
      await rename(`${newPath}.cog-doctor`, newPath);
      if (newPath !== oldPath) await rm(oldPath);
    }
    await writeFile(`${configPath}.cog-doctor`, plan.newConfig);
    await rename(`${configPath}.cog-doctor`, configPath);
  } catch (error) {
    await rm(`${newPath}.cog-doctor`, { force: true });
    await rm(`${configPath}.cog-doctor`, { force: true });
    if (originalSource !== undefined) await writeFile(oldPath, originalSource);
    if (newPath !== oldPath && originalSource !== undefined) await rm(newPath, { force: true });
    await writeFile(configPath, originalConfig);
    throw error;
  }
}

async function planRename(project: DoctorProject): Promise<RenamePlan> {
  const reference = runnerReference(project);
  if (reference === undefined || project.configText === undefined) {
    throw new CogError('DOCTOR_FIX', 'cannot rename: cog.yaml has no run or predict reference');
  }
  const oldPath = path.join(project.projectDir, reference.file);
  const source = existsSync(oldPath) ? await readFile(oldPath, 'utf8') : undefined;
  const renameFile =
    reference.file === 'predict.py' && !existsSync(path.join(project.projectDir, 'run.py'));
  const newFile = renameFile ? 'run.py' : reference.file;
  const newClass = reference.className === 'Predictor' ? 'Runner' : reference.className;
  const newSource =
    source === undefined
      ? undefined
      : source
          .replace(/\bBasePredictor\b/g, 'BaseRunner')
          .replace(/^class\s+Predictor\b/gm, `class ${newClass}`)
          .replace(/^(\s+def\s+)predict(\s*\()/gm, '$1run$2');
  const line = /^(predict|run)\s*:\s*["']?[^"'\n]*["']?[ \t]*(#.*)?$/m;
  if (!line.test(project.configText)) {
    throw new CogError('DOCTOR_FIX', `cannot find the run/predict line in ${project.configFile}`, {
      hint: `Rename it by hand: run: "${newFile}:${newClass}"`,
    });
  }
  const newConfig = project.configText.replace(line, `run: "${newFile}:${newClass}"`);
  return { oldFile: reference.file, newFile, newSource, newConfig };
}

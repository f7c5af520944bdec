// The `Pydantic BaseModel workaround` check of `cog doctor`: before `cog.BaseModel` existed,
// output objects holding a `cog.Path` had to be plain pydantic models with
// `arbitrary_types_allowed`. The fix switches the import to `from cog import BaseModel`
// (which allows those types already); the leftover config is harmless and is left alone.
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  runnerReference,
  type DoctorCheck,
  type DoctorProject,
  type Finding,
} from './doctor-check.ts';

const pydanticImport = /^from\s+pydantic\s+import\s+\(?([^()#\n]+)\)?\s*(#.*)?$/;

interface Workaround {
  file: string;
  absolute: string;
  lines: string[];
  /** Index of the `from pydantic import ... BaseModel ...` line. */
  index: number;
  names: string[];
}

async function findWorkaround(project: DoctorProject): Promise<Workaround | undefined> {
  const reference = runnerReference(project);
  if (reference === undefined) return undefined;
  const absolute = path.join(project.projectDir, reference.file);
  if (!existsSync(absolute)) return undefined;
  const text = await readFile(absolute, 'utf8');
  if (!text.includes('arbitrary_types_allowed')) return undefined;
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    const match = pydanticImport.exec(line);
    const names =
      match?.[1]
        ?.split(',')
        .map((n) => n.trim())
        .filter((n) => n !== '') ?? [];
    if (names.includes('BaseModel')) return { file: reference.file, absolute, lines, index, names };
  }
  return undefined;
}

export const pydanticWorkaround: DoctorCheck = {
  group: 'Python',
  description: 'Pydantic BaseModel workaround',
  async run(project) {
    const found = await findWorkaround(project);
    if (found === undefined) return [];
    return [
      {
        severity: 'warning',
        message:
          'pydantic.BaseModel with arbitrary_types_allowed is a workaround; use cog.BaseModel instead',
        file: found.file,
        line: found.index + 1,
        remediation: 'Import BaseModel from cog instead of pydantic',
      },
    ] satisfies Finding[];
  },
  async fix(project) {
    const found = await findWorkaround(project);
    if (found === undefined) return;
    const rest = found.names.filter((n) => n !== 'BaseModel');
    const replacement = rest.length === 0 ? [] : [`from pydantic import ${rest.join(', ')}`];
    const lines = [...found.lines];
    lines.splice(found.index, 1, ...replacement, 'from cog import BaseModel');
    await writeFile(`${found.absolute}.cog-doctor`, lines.join('\n'));
    await rename(`${found.absolute}.cog-doctor`, found.absolute);
  },
};

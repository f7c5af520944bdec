// The `Python` group of `cog doctor` (spec doctor.md §4.2): a static look at the runner's and
// the trainer's file (top-level statements only) for the old pydantic workaround, an import
// the SDK no longer has, and run()/predict()/train() without a return annotation.
import {
  pythonFiles,
  runnerReference,
  trainReference,
  type DoctorCheck,
  type DoctorProject,
  type Finding,
} from './doctor-check.ts';
import { deprecatedImports } from './deprecated-imports.ts';
import { functionsOf } from './python-source.ts';
import { pydanticWorkaround } from './pydantic-workaround.ts';

function annotationFindings(
  project: DoctorProject,
  reference: { file: string; className: string } | undefined,
  methods: readonly string[],
): Finding[] {
  if (reference === undefined) return [];
  const source = pythonFiles(project).find((f) => f.file === reference.file);
  const cls = source?.module.classes.find((c) => c.name === reference.className);
  if (source === undefined || cls === undefined) return [];
  const functions = functionsOf(source.module.lines, cls.body);
  for (const method of methods) {
    const found = functions.find((f) => f.name === method);
    if (found === undefined) continue;
    if (found.hasReturnAnnotation) return [];
    return [
      {
        severity: 'warning',
        message: `${cls.name}.${method}() is missing a return type annotation`,
        file: source.file,
        line: found.line + 1,
        remediation: `Add a return type annotation: def ${method}(self, ...) -> YourType:`,
      },
    ];
  }
  return [];
}

const typeAnnotations: DoctorCheck = {
  group: 'Python',
  description: 'Type annotations',
  async run(project) {
    return [
      ...annotationFindings(project, runnerReference(project), ['run', 'predict']),
      ...annotationFindings(project, trainReference(project), ['train']),
    ];
  },
};

export const pythonChecks: readonly DoctorCheck[] = [
  pydanticWorkaround,
  deprecatedImports,
  typeAnnotations,
];

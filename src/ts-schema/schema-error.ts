// The errors of the TypeScript schema extractor: one CogError code per kind of problem, a
// one-line message naming the property or type, the `file:line:col` of the node at fault
// (relative to the project, as TypeScript prints diagnostics) and a hint saying what to do.
import path from 'node:path';
import ts from 'typescript';
import { CogError, type CogErrorCode } from '../cog-error.ts';

export const TS_SCHEMA_ERROR_CODES = {
  /** The compiler's lib files are missing (a broken installation). */
  compilerLib: 'TS_COMPILER_LIB_MISSING',
  /** The predictor file does not exist. */
  fileMissing: 'TS_PREDICTOR_NOT_FOUND',
  /** The predictor (or a file it imports) has a syntax or type error. */
  compile: 'TS_PREDICTOR_COMPILE',
  /** The named export is missing, or is neither a class nor a function. */
  exportMissing: 'TS_PREDICTOR_EXPORT',
  /** The class has no run()/predict() (or train()) method, or has both run() and predict(). */
  method: 'TS_PREDICTOR_METHOD',
  /** An input type (or its JSDoc metadata) cannot be mapped to the schema. */
  input: 'TS_SCHEMA_INPUT',
  /** The return type cannot be mapped to the schema or cannot be serialised to JSON. */
  output: 'TS_SCHEMA_OUTPUT',
} as const satisfies Record<string, CogErrorCode>;

export type TsSchemaErrorCode = (typeof TS_SCHEMA_ERROR_CODES)[keyof typeof TS_SCHEMA_ERROR_CODES];

export interface SchemaErrorContext {
  projectDir: string;
}

/** The error for `node` (its start, not its leading trivia), with the position made relative. */
export function schemaError(
  context: SchemaErrorContext,
  code: TsSchemaErrorCode,
  message: string,
  options: { node?: ts.Node; hint?: string } = {},
): CogError {
  const { node, hint } = options;
  if (node === undefined) return new CogError(code, message, hint === undefined ? {} : { hint });
  const sourceFile = node.getSourceFile();
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  return new CogError(code, message, {
    ...(hint === undefined ? {} : { hint }),
    position: {
      file: displayPath(context.projectDir, sourceFile.fileName),
      line: line + 1,
      column: character + 1,
    },
  });
}

/** The first error diagnostic as a CogError, positioned like `tsc` prints it. */
export function diagnosticError(context: SchemaErrorContext, diagnostic: ts.Diagnostic): CogError {
  const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
  const message = `TS${diagnostic.code}: ${text}`;
  const hint =
    'Fix the TypeScript error (run `npx tsc --noEmit` in the project to see all of them).';
  const file = diagnostic.file;
  if (file === undefined || diagnostic.start === undefined) {
    return new CogError(TS_SCHEMA_ERROR_CODES.compile, message, { hint });
  }
  const { line, character } = file.getLineAndCharacterOfPosition(diagnostic.start);
  return new CogError(TS_SCHEMA_ERROR_CODES.compile, message, {
    hint,
    position: {
      file: displayPath(context.projectDir, file.fileName),
      line: line + 1,
      column: character + 1,
    },
  });
}

export function displayPath(projectDir: string, fileName: string): string {
  const relative = path.relative(projectDir, fileName);
  return relative.startsWith('..') || path.isAbsolute(relative) ? fileName : relative;
}

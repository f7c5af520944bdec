// The schema extractor's entry: compile a TypeScript/JavaScript predictor on the host, find its
// class or function, and return the whole OpenAPI document a Python predictor with the same
// signature would have (docs/schema.md, "TypeScript predictors"). Every failure is a CogError
// with a TS_* code, a one-line message naming the property or type, and its file:line:col.
// This module imports `typescript` (about 9 MB): the CLI loads it lazily, for Node models only.
import { existsSync } from 'node:fs';
import type ts from 'typescript';
import path from 'node:path';
import type { CogError } from '../cog-error.ts';
import { createPredictorProgram, type PredictorProgram } from './create-program.ts';
import { findPredictor, PredictorLookupError } from './find-predictor.ts';
import { inputComponent } from './input-component.ts';
import { describeInputs } from './input-specs.ts';
import { MetadataError } from './jsdoc-metadata.ts';
import {
  buildDocument,
  ComponentClashError,
  componentNames,
  type OpenApiDocument,
  type PredictionMode,
} from '../contracts/openapi-document.ts';
import { analyseOutput } from './output-type.ts';
import { batchItemSignature } from './batch-signature.ts';
import {
  diagnosticError,
  schemaError,
  TS_SCHEMA_ERROR_CODES,
  type TsSchemaErrorCode,
} from './schema-error.ts';
import { TypeMappingError, type TypeContext } from './type-context.ts';
import { cogVersion } from './cog-version.ts';

export { mergeDocuments } from '../contracts/openapi-document.ts';
export type { OpenApiDocument, PredictionMode } from '../contracts/openapi-document.ts';
export { TS_SCHEMA_ERROR_CODES } from './schema-error.ts';

export interface ExtractTypeScriptSchemaOptions {
  /** The model project (the folder of cog.yaml). */
  projectDir: string;
  /** The predictor file, relative to projectDir (or absolute): run.ts, run.mts, run.js, run.mjs. */
  file: string;
  /** The class or function named in cog.yaml (`run.ts:Runner` → `Runner`). */
  exportName: string;
  mode: PredictionMode;
  /** Where the compiler's lib.*.d.ts files are, when not next to the typescript package. */
  libDirectory?: string;
  /** The cog-sdk `.d.ts` entry for projects without node_modules/cog-sdk (default: built in). */
  sdkDeclarations?: string;
}

export async function extractTypeScriptSchema(
  options: ExtractTypeScriptSchemaOptions,
): Promise<OpenApiDocument> {
  const projectDir = path.resolve(options.projectDir);
  const file = path.resolve(projectDir, options.file);
  const context = { projectDir };
  if (!existsSync(file)) {
    throw schemaError(context, TS_SCHEMA_ERROR_CODES.fileMissing, `${options.file} not found`, {
      hint: `Check the predictor reference in cog.yaml (the file is looked up in ${projectDir}).`,
    });
  }
  const compiled = createPredictorProgram({
    projectDir,
    file,
    ...(options.libDirectory === undefined ? {} : { libDirectory: options.libDirectory }),
    ...(options.sdkDeclarations === undefined
      ? {}
      : { sdkDeclarations: path.resolve(options.sdkDeclarations) }),
  });
  const [firstError] = compiled.errors();
  if (firstError !== undefined) throw diagnosticError(context, firstError);
  try {
    return documentOf(compiled, options);
  } catch (error) {
    throw translate(context, error, options.mode);
  }
}

function documentOf(
  compiled: PredictorProgram,
  options: ExtractTypeScriptSchemaOptions,
): OpenApiDocument {
  const { program, checker, root, isSdkFile } = compiled;
  const types: TypeContext = {
    checker,
    isSdkFile,
    isLibFile: (fileName) => {
      const source = program.getSourceFile(fileName);
      return (
        (source !== undefined && program.isSourceFileDefaultLibrary(source)) ||
        fileName.includes('/node_modules/@types/node/')
      );
    },
  };
  const found = findPredictor(checker, root, options.exportName, options.mode);
  const predictor = found.batch === true ? batchItemSignature(checker, found) : found;
  const inputs = describeInputs(types, predictor.input, predictor.methodName, predictor.at);
  let output;
  try {
    output = analyseOutput(types, predictor.output.type, predictor.output.node);
  } catch (error) {
    if (!(error instanceof TypeMappingError) || error instanceof PredictorLookupError) throw error;
    throw new OutputError(error, predictor.output.node ?? predictor.at);
  }
  const names = componentNames(options.mode);
  const { component, enums } = inputComponent(inputs, names.input);
  return buildDocument({
    mode: options.mode,
    inputSchema: component,
    outputSchema: { title: names.output, ...output.schema },
    enums,
    version: cogVersion(),
  });
}

// An output mapping error, kept apart from input errors for its code.
class OutputError extends TypeMappingError {
  constructor(cause: TypeMappingError, fallback: ts.Node) {
    super(cause.message, {
      node: cause.node ?? fallback,
      ...(cause.hint === undefined ? {} : { hint: cause.hint }),
    });
  }
}

function translate(
  context: { projectDir: string },
  error: unknown,
  mode: PredictionMode,
): CogError | unknown {
  if (error instanceof ComponentClashError) {
    return schemaError(context, TS_SCHEMA_ERROR_CODES.input, error.message);
  }
  if (error instanceof MetadataError) {
    return schemaError(context, TS_SCHEMA_ERROR_CODES.input, error.message, { node: error.node });
  }
  if (!(error instanceof TypeMappingError)) return error;
  let code: TsSchemaErrorCode = TS_SCHEMA_ERROR_CODES.input;
  if (error instanceof OutputError) code = TS_SCHEMA_ERROR_CODES.output;
  if (error instanceof PredictorLookupError) {
    code =
      error.kind === 'export' ? TS_SCHEMA_ERROR_CODES.exportMissing : TS_SCHEMA_ERROR_CODES.method;
  }
  const hint = error.hint ?? defaultHint(code, mode);
  return schemaError(context, code, error.message, {
    ...(error.node === undefined ? {} : { node: error.node }),
    ...(hint === undefined ? {} : { hint }),
  });
}

function defaultHint(code: TsSchemaErrorCode, mode: PredictionMode): string | undefined {
  if (code === TS_SCHEMA_ERROR_CODES.input)
    return 'See "TypeScript predictors" in docs/schema.md for the supported input types and JSDoc tags.';
  if (code === TS_SCHEMA_ERROR_CODES.output)
    return `Change the return type of ${mode === 'train' ? 'train' : 'run'}() (see "TypeScript predictors" in docs/schema.md).`;
  return undefined;
}

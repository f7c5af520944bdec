// Test support: write a throw-away model project (files by relative path), extract its schema,
// and remove the project again; plus readers for the parts of the document tests look at.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { extractTypeScriptSchema } from './extract-typescript-schema.ts';
import type { JsonObject } from './input-type.ts';
import type { OpenApiDocument, PredictionMode } from '../contracts/openapi-document.ts';

export interface FixtureOptions {
  file?: string;
  exportName?: string;
  mode?: PredictionMode;
  /** Relative to the project: a cog-sdk `.d.ts` entry to use instead of the built-in one. */
  sdkDeclarations?: string;
}

export async function extractFromSources(
  files: Record<string, string>,
  options: FixtureOptions = {},
): Promise<OpenApiDocument> {
  const projectDir = mkdtempSync(path.join(tmpdir(), 'cog-ts-schema-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(projectDir, name)), { recursive: true });
      writeFileSync(path.join(projectDir, name), text);
    }
    return await extractTypeScriptSchema({
      projectDir,
      file: options.file ?? 'run.ts',
      exportName: options.exportName ?? 'run',
      mode: options.mode ?? 'predict',
      ...(options.sdkDeclarations === undefined
        ? {}
        : { sdkDeclarations: path.join(projectDir, options.sdkDeclarations) }),
    });
  } finally {
    rmSync(projectDir, { recursive: true, force: true });
  }
}

export const SDK_IMPORT =
  "import type { Path, File, Secret, Integer, ConcatenateIterator } from 'cog-sdk';\n";

/** A run() function whose input type literal has the given property lines. */
export function inputSource(properties: string, preamble = ''): string {
  return `${SDK_IMPORT}${preamble}\nexport function run(input: {\n${properties}\n}): string {\n  return String(input);\n}\n`;
}

/** A run() function returning the given type. */
export function outputSource(returnType: string, preamble = '', asyncRun = false): string {
  const body = 'throw new Error("not called");';
  return `${SDK_IMPORT}${preamble}\nexport ${asyncRun ? 'async ' : ''}function run(): ${returnType} {\n  ${body}\n}\n`;
}

export function schemas(doc: OpenApiDocument): JsonObject {
  return (doc.components as JsonObject).schemas as JsonObject;
}

export function inputComponentOf(doc: OpenApiDocument, name = 'Input'): JsonObject {
  return schemas(doc)[name] as JsonObject;
}

/** JSON text: deep equality including key order. */
export function ordered(value: unknown): string {
  return JSON.stringify(value, null, 1);
}
